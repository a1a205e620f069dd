"use client";
// An admin's switch that requires two-factor sign-in of everyone in the partner (refused until
// the admin has it, so they cannot shut themselves out; the server says so).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../providers/trpc";
import { Panel } from "../ui/panel";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";

export function TwoFactorRequirement({
  required,
  selfHasTwoFactor,
  partnerName,
  onChanged,
}: {
  required: boolean;
  selfHasTwoFactor: boolean;
  partnerName: string;
  onChanged: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const hydrated = useHydrated();
  const change = useMutation(
    trpc.staffUsers.setTwoFactorRequirement.mutationOptions({
      onSuccess: async ({ requireTwoFactor }) => {
        await onChanged();
        toast.success(
          requireTwoFactor
            ? `Two-factor sign-in is now required for everyone in ${partnerName}.`
            : "Two-factor sign-in is no longer required; people may turn it off.",
        );
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  // Shows the choice being saved, and falls back to the saved one if it is refused.
  const checked = change.isPending ? change.variables.required : required;
  return (
    <Panel id="require-two-factor-title" title="Two-factor sign-in">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          disabled={!hydrated || change.isPending}
          aria-describedby="require-two-factor-hint"
          onChange={(e) => change.mutate({ required: e.target.checked })}
        />
        <span>
          Require two-factor sign-in for everyone in {partnerName}
          {change.isPending ? <span className="muted"> (saving…)</span> : null}
        </span>
      </label>
      <p id="require-two-factor-hint" className="muted small" style={{ margin: "8px 0 0" }}>
        People who have not set it up yet are asked to do so at their next page, before they can do anything
        else.
        {selfHasTwoFactor ? null : (
          <>
            {" "}
            You need it on your own account first: <Link href="/settings/two-factor">set it up</Link>.
          </>
        )}
      </p>
    </Panel>
  );
}
