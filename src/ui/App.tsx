export function App() {
  return <main>local-r1</main>;
}
