"use client";
// The renewals filter bar: a GET form (next/form navigates client-side and writes the filters
// into the URL). The selects apply as soon as they change; the search applies on Enter.
import Form from "next/form";
import { useRef } from "react";
import { RENEWAL_KIND_LABELS, RENEWAL_KINDS, RENEWAL_WINDOWS } from "@/server/domain/renewals";
import type { RenewalFilters } from "./renewal-filters";

export function RenewalFilterForm({ filters }: { filters: RenewalFilters }) {
  const form = useRef<HTMLFormElement>(null);
  const apply = () => form.current?.requestSubmit();
  return (
    <Form action="/renewals" ref={form} className="filters" role="search" aria-label="Filter renewals">
      <div className="field">
        <label htmlFor="r-q">Search</label>
        <input
          id="r-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Reference, customer email or name"
        />
      </div>
      <div className="field">
        <label htmlFor="r-within">Within</label>
        <select id="r-within" name="within" defaultValue={String(filters.within)} onChange={apply}>
          {RENEWAL_WINDOWS.map((days) => (
            <option key={days} value={days}>
              the next {days} days
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="r-kind">What happens</label>
        <select id="r-kind" name="kind" defaultValue={filters.kind ?? ""} onChange={apply}>
          <option value="">Anything</option>
          {RENEWAL_KINDS.map((k) => (
            <option key={k} value={k}>
              {RENEWAL_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <button className="button" type="submit" style={{ justifySelf: "start" }}>
        Apply
      </button>
    </Form>
  );
}
