import Form from "next/form";

export function CustomerSearchForm({ q }: { q: string }) {
  return (
    <Form action="/customers" className="filters" role="search" aria-label="Search customers" key={q}>
      <div className="field" style={{ gridColumn: "span 2" }}>
        <label htmlFor="customer-q">Search</label>
        <input
          id="customer-q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Name, email or owner id"
        />
      </div>
      <button className="button" type="submit">
        Search
      </button>
    </Form>
  );
}
