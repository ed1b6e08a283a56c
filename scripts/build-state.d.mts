/** Types of build-state.mjs (a plain script, so `npm start` needs no compiler). */
export declare const BUILD_INPUTS: { folders: string[]; files: string[] };
export declare const BUILD_OUTPUTS: string[];
export declare function buildNeeded(root: string): { needed: boolean; reason: string };
