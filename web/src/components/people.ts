// Registered people as the screens that name them find them: the summary the server gives (names
// only to those who may see them) and the search by words of the name or the code.
import { api, query, type Page } from '../api';

export interface PersonSummary {
  id: string;
  code?: string;
  given_name?: string;
  family_name?: string;
  sex?: string;
  age_years?: number;
  status?: string;
}

// The people of a programme matching `words`, at most ten; merged and erased records are left out
// (they cannot take part in anything).
export async function findPeople(words: string, programmeId: string): Promise<PersonSummary[]> {
  const { data } = await api.get<Page<PersonSummary>>('/persons' + query({ q: words.trim(), programme_id: programmeId, limit: 10 }));
  return data.items.filter((p) => p.status !== 'merged' && p.status !== 'erased');
}
