/** The page's inline start-up script (vite.config.ts puts it into index.html): the first requests, sent at once. */
import { startPage } from './start-requests.js';

startPage();
