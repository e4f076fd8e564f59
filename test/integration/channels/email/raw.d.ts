// Vite's `?raw` imports: a fixture file's text (the email fixtures are 7-bit, so text is exact).
declare module "*?raw" {
  const text: string;
  export default text;
}
