/**
 * Who may see and do what with a deal (spec: "Who may do what"). Checked in services;
 * the UI only hides buttons.
 */
import type { Actor } from '../roles.ts';
import type { Deal } from './deal.types.ts';

export interface DealAccessFacts {
  /**
   * The lawyer holds an open task on this deal (e.g. the claim after a review) or decided
   * one of its tasks: a lawyer can always go back to the deals they reviewed.
   */
  readonly lawyerHasTask: boolean;
}

export function canSeeDeal(actor: Actor, deal: Deal, facts: DealAccessFacts): boolean {
  switch (actor.role) {
    case 'manager':
    case 'director':
    case 'admin':
      return true;
    case 'sales_rep':
      return deal.salesRep === actor.login;
    case 'lawyer':
      // The deals under review, and those the lawyer works or worked on.
      return deal.stage === 'legal_review' || facts.lawyerHasTask;
  }
}

/** Editing the deal's own fields: managers on any deal, a rep on their own. */
export function canEditDeal(actor: Actor, deal: Deal): boolean {
  return actor.role === 'manager' || (actor.role === 'sales_rep' && deal.salesRep === actor.login);
}

export const canCreateDeal = (actor: Actor): boolean => actor.role === 'manager';
export const canCancelDeal = (actor: Actor): boolean => actor.role === 'manager' || actor.role === 'director';
