export { carrRubric, reachableRubrics } from './carr.js';
export { citations, finalTurn, type Source, sources } from './trajectory.js';
