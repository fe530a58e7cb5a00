// The bench measures cold starts in child processes of its own bundle; each flag names what the child does.
export const FIRST_CITATION_FLAG = '--first-citation'
export const ENGINE_CHILD_FLAG = '--engine-child'
