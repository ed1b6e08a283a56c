/** The grid's table code as one script, for grid-rows.test.ts to load into a browser page (window.Grid). */
export { GridRows } from './grid-rows.js';
export { openingCells, rowStateOf, withChanges } from '@shared/entry/grid-state.js';
export { tableMarkup } from '@shared/entry/grid-markup.js';
