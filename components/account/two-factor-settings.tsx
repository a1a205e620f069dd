"use client";
// One's own two-factor sign-in: set it up, or once on, see how many recovery codes are left,
// replace them (with a current code, so a borrowed session alone cannot) and turn it off (with
// the password, unless the organisation requires it).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TwoFactorStatus } from "@/server/view-types";
import { formatDate } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { useTRPC } from "../providers/trpc";
import { describedBy, FieldError } from "../ui/field-error";
import { Panel } from "../ui/panel";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";
import { RecoveryCodes } from "./recovery-codes";
import {
  CodeField,
  cleanCode,
  fieldProblems,
  generalProblem,
  ProblemAlert,
  TwoFactorEnrol,
} from "./two-factor-enrol";

type Status = TwoFactorStatus;

const FEW_CODES_LEFT = 3;

export function TwoFactorSettings({
  initial,
  account,
  completesPendingStep,
}: {
  initial: Status;
  /** The signed-in email, named in the downloaded recovery codes. */
  account: string;
  /** Set up because the organisation requires it: once done, the rest of the portal opens. */
  completesPendingStep: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.account.twoFactorStatus.queryOptions(), initialData: initial });
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.account.twoFactorStatus.queryKey() });
    router.refresh();
  };

  if (recoveryCodes) {
    const leaving = completesPendingStep;
    return (
      <RecoveryCodes
        codes={recoveryCodes}
        account={account}
        doneLabel={leaving ? "Done, continue to the portal" : "Done"}
        onDone={() => {
          // A full load: the header and every page were rendered for a session with a step to do.
          if (leaving) window.location.assign("/");
          else void reload().then(() => setRecoveryCodes(null));
        }}
      />
    );
  }
  if (!status.data.enabled) return <TwoFactorEnrol onEnabled={setRecoveryCodes} />;
  return <TwoFactorOn status={status.data} onNewCodes={setRecoveryCodes} onTurnedOff={reload} />;
}

function TwoFactorOn({
  status,
  onNewCodes,
  onTurnedOff,
}: {
  status: Status;
  onNewCodes: (codes: string[]) => void;
  onTurnedOff: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const locale = useLocaleSettings();
  const hydrated = useHydrated();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const replace = useMutation(
    trpc.account.replaceRecoveryCodes.mutationOptions({
      onSuccess: (result) => onNewCodes(result.recoveryCodes),
    }),
  );
  const turnOff = useMutation(
    trpc.account.turnOffTwoFactor.mutationOptions({
      onSuccess: async () => {
        toast.success("Two-factor sign-in is off. Your recovery codes no longer work.");
        await onTurnedOff();
      },
    }),
  );
  const left = status.recoveryCodesLeft;
  const codeMessages = fieldProblems(replace.error, "code", "The code");
  const passwordMessages = fieldProblems(turnOff.error, "password", "The password");

  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <Panel
        id="two-factor-on-title"
        title={
          <>
            Two-factor sign-in is on <span className="badge ok">On</span>
          </>
        }
      >
        <p style={{ margin: 0 }} data-testid="two-factor-status">
          {status.enabledAt ? `Set up on ${formatDate(status.enabledAt, locale)}. ` : null}
          You have {left} recovery code{left === 1 ? "" : "s"} left.
        </p>
        {left <= FEW_CODES_LEFT ? (
          <p className="alert warn" style={{ marginBottom: 0 }}>
            {left === 0 ? "You have no recovery codes left" : "Only a few recovery codes are left"}: make new
            ones below, or losing your phone would lock you out.
          </p>
        ) : null}
      </Panel>

      <form
        className="panel"
        aria-labelledby="new-codes-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!replace.isPending && cleanCode(code)) replace.mutate({ code: cleanCode(code) });
        }}
      >
        <h2 id="new-codes-title" className="panel-title">
          New recovery codes
        </h2>
        <p className="muted small">Ten new codes replace the ones you have; the old ones stop working.</p>
        <CodeField
          id="replace-code"
          value={code}
          onChange={(value) => {
            setCode(value);
            replace.reset();
          }}
          messages={codeMessages}
        />
        <ProblemAlert message={generalProblem(replace.error)} />
        <button
          type="submit"
          className="button"
          style={{ marginTop: 12 }}
          disabled={!hydrated || replace.isPending || !cleanCode(code)}
        >
          {replace.isPending ? "Making codes…" : "Make new recovery codes"}
        </button>
      </form>

      <form
        className="panel"
        aria-labelledby="turn-off-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!turnOff.isPending && password) turnOff.mutate({ password });
        }}
      >
        <h2 id="turn-off-title" className="panel-title">
          Turn off two-factor sign-in
        </h2>
        {status.requiredByPartner ? (
          <p className="muted" style={{ margin: 0 }}>
            Your organisation requires two-factor sign-in, so it cannot be turned off. If you lose your phone
            and your recovery codes, ask an admin to reset it.
          </p>
        ) : (
          <>
            <p className="muted small">Your password alone will sign you in again. Confirm it to continue.</p>
            <div className="field" style={{ maxWidth: 320 }}>
              <label htmlFor="turn-off-password">Your password</label>
              <input
                id="turn-off-password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  turnOff.reset();
                }}
                {...describedBy("turn-off-password-err", passwordMessages)}
              />
              <FieldError id="turn-off-password-err" messages={passwordMessages} />
            </div>
            <ProblemAlert message={generalProblem(turnOff.error)} />
            <button
              type="submit"
              className="button danger"
              style={{ marginTop: 12 }}
              disabled={!hydrated || turnOff.isPending || !password}
            >
              {turnOff.isPending ? "Turning off…" : "Turn off"}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
