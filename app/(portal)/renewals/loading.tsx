import { PageSkeleton } from "@/components/ui/skeleton";

// Lists stream behind a skeleton. Detail pages have none on purpose: a loading boundary above
// them would start the response before notFound() could answer 404.
export default function Loading() {
  return <PageSkeleton title="the page" />;
}
