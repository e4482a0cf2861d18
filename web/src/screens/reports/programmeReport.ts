// What the programme report screens work with: a report's record (its narrative, period, audience
// and status: /api/v1/programme-reports) and the report as rendered for its readers, figures and
// narrative together (/render; docs/formats/report.md "Programme reports").
import { query, type Me, type Rec } from '../../api';
import { k } from '../../i18n';
import { choosesAudience, type Figure, type Indicator } from './model';

export const SECTIONS = ['summary', 'achievements', 'challenges', 'lessons_learned', 'next_steps'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_LABEL: Record<Section, string> = {
  summary: k('preport.summary'),
  achievements: k('preport.achievements'),
  challenges: k('preport.challenges'),
  lessons_learned: k('preport.lessons_learned'),
  next_steps: k('preport.next_steps'),
};

export interface ProgrammeReport extends Rec {
  programme_id: string;
  title: string;
  period?: string;
  from: string;
  to: string;
  audience: 'shared' | 'internal';
  status: 'draft' | 'final';
  summary?: string;
  achievements?: string;
  challenges?: string;
  lessons_learned?: string;
  next_steps?: string;
  updated_at?: string;
}

export interface Rendered {
  format_version: number;
  id: string;
  version: number;
  title: string;
  status: 'draft' | 'final';
  audience: 'shared' | 'internal';
  sensitivity: string;
  period: string | null;
  from: string;
  to: string;
  programme: { id: string; name: string; donor?: string | null };
  minimum_cell: number;
  suppressed: string;
  narrative: Record<Section, string | null>;
  indicators: Indicator[];
}

// Reports are written by the programme's own managers and M&E officers: those who also choose the
// dashboards' audience (the server decides).
export const mayWrite = (me: Me | undefined, programme: Rec | undefined) => choosesAudience(me, programme);

export const listPath = '/reports/programme';
export const pagePath = (id: string) => `/reports/programme/${id}`;
export const editPath = (id: string) => `/reports/programme/${id}/edit`;
export const apiPath = (id: string) => `/programme-reports/${id}`;
export const listApiPath = (programmeId: string) => '/programme-reports' + query({ programme_id: programmeId, limit: 200 });
export const renderApiPath = (id: string) => `/programme-reports/${id}/render`;
export const xlsxHref = (id: string, lang: string) => '/api/v1' + renderApiPath(id) + query({ format: 'xlsx', lang: lang === 'ar' ? 'ar' : 'en' });

// How far a figure got towards its target, for the chart: null when either is missing or hidden.
export function shareOfTarget(value: Figure | undefined, target: number | null | undefined): number | null {
  if (typeof value !== 'number' || target == null || target <= 0) return null;
  return value / target;
}
