/** Stylesheet imports of UI components rendered in unit tests (Vite bundles them; vitest ignores them). */
declare module '*.css';
