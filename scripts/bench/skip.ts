/** A section that cannot run here (an engine or the browser is missing): it is skipped, not failed, and keeps its previous results. */
export class SectionSkipped extends Error {}
