"use client";
// The orders filter bar: a GET form (next/form navigates client-side and writes the filters
// into the URL). Selects and dates apply as soon as they change; the search applies on Enter.
import Form from "next/form";
import { useRef } from "react";
import { ORDER_STATUSES, ORDER_TYPES } from "@/server/domain/enums";
import { orderTypeLabel } from "../ui/status-badge";
import type { OrderFilterParams } from "./order-filters";

export function OrderFilterForm({ filters }: { filters: OrderFilterParams }) {
  const form = useRef<HTMLFormElement>(null);
  const apply = () => form.current?.requestSubmit();
  return (
    <Form action="/orders" ref={form} className="filters" role="search" aria-label="Filter orders">
      {filters.limit ? <input type="hidden" name="limit" value={filters.limit} /> : null}
      <div className="field">
        <label htmlFor="f-q">Search</label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Reference, external id or customer email"
        />
      </div>
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" name="status" defaultValue={filters.status ?? ""} onChange={apply}>
          <option value="">Any status</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-type">Type</label>
        <select id="f-type" name="order_type" defaultValue={filters.order_type ?? ""} onChange={apply}>
          <option value="">Any type</option>
          {ORDER_TYPES.map((t) => (
            <option key={t} value={t}>
              {orderTypeLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">Placed from</label>
        <input
          id="f-from"
          name="created_from"
          type="date"
          defaultValue={filters.created_from ?? ""}
          onChange={apply}
        />
      </div>
      <div className="field">
        <label htmlFor="f-to">Placed until</label>
        <input
          id="f-to"
          name="created_to"
          type="date"
          defaultValue={filters.created_to ?? ""}
          onChange={apply}
        />
      </div>
      <button className="button" type="submit">
        Apply
      </button>
    </Form>
  );
}
