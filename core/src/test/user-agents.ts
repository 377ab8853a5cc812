/**
 * The user agent the tests send as a visitor's browser: a desktop Chrome (ingest's bot filter
 * drops HeadlessChrome and command-line clients, as it should). A module of its own, so that a
 * test needing only the string does not load the server or a browser driver.
 */
export const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
