import { ROLES, type Role } from '../db/schema/index.js';

/** Everyone who works with the library reads it; analysts only read. */
export const LIBRARY_READERS: Role[] = [...ROLES];
/** Add and edit sources, defectors and quotes. */
export const LIBRARY_CONTRIBUTORS: Role[] = ['author', 'editor', 'admin'];
/** Safety reviewers also edit quotes and defectors: risk flags and notes are theirs to keep right. */
export const QUOTE_EDITORS: Role[] = [...LIBRARY_CONTRIBUTORS, 'safety_reviewer'];
/**
 * Review is done by holders of the review roles only: an admin runs the system and is not, by
 * being admin, a safety or legal reviewer (the same rule as for post review stages).
 */
export const QUOTE_VETTERS: Role[] = ['editor', 'safety_reviewer'];
/** Vets quotes with high identity risk or sensitive content, and acknowledges identity matches. */
export const SAFETY_REVIEWERS: Role[] = ['safety_reviewer'];
export const LEGAL_REVIEWERS: Role[] = ['legal_reviewer'];
/** See internal notes and identifying details, manage the details, withdraw and restore consent. */
export const PRIVACY_GUARDIANS: Role[] = ['safety_reviewer', 'admin'];
export const RETRACTORS: Role[] = ['editor', 'safety_reviewer', 'admin'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]) =>
  roles.some((role) => allowed.includes(role));
