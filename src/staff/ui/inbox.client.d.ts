/** The staff inbox's browser script, imported as text (wrangler `[[rules]]` Text, `**\/*.client.js`). */
declare const source: string;
export default source;
