// Engine::SignIn, Authenticate and SignOut: the server's sessions, and MayAttempt: what the
// signed-in user's role may attempt at all, for the pages to offer.
//
// Sign-ins are not events (one per person per day would bury the record); what they change
// lives in the secret tables of store/credential_schema.h. A failed sign-in is counted in its
// own committed transaction, so no later rollback forgets it.
#include "auth/password_hash.h"
#include "auth/secrets.h"
#include "auth/utc_clock.h"
#include "runtime/engine_impl.h"
#include "store/credential_store.h"

namespace equilens {
namespace {

// Authenticate marks a session used at most this often (ms), so most requests only read.
// Idle time is therefore measured to within this much.
constexpr std::int64_t kTouchEveryMillis = 60 * 1000;

// One answer for an unknown user, a wrong password, a disabled account, one with no password
// and one paused after failures: the reply tells a guesser nothing.
Status SignInRefused() {
  return Forbidden(
      "sign-in refused: the user name or password is wrong, or the account cannot sign in now "
      "(disabled, or paused after repeated failures); try again later or ask an admin");
}

Status SessionRefused(const std::string& why) {
  return Forbidden("no session: " + why + "; sign in again");
}

bool PausedAt(const SigninFailures& failures, std::int64_t now) {
  if (failures.paused_until.empty()) return false;
  const std::optional<std::int64_t> until = ParseIsoUtc(failures.paused_until);
  return !until || now < *until;  // an unreadable pause holds: fail closed
}

// Counts one failed sign-in for `name` and pauses it at policy.max_failures in a row. While
// paused, attempts are refused and not counted (the pause does not grow). Names no user has
// are counted too: the same write for every refusal, so its time tells nothing; rows a day
// old go, which keeps guessed names from piling up.
Status CountFailure(Database& db, const std::string& name, const SessionPolicy& policy,
                    std::int64_t now) {
  auto transaction = WriteTransaction::Begin(db);
  if (!transaction.ok()) return transaction.status();
  CredentialStore credentials(db);
  if (Status status = credentials.ForgetFailuresBefore(IsoUtc(now - kMillisPerDay)); !status.ok()) {
    return status;
  }
  auto failures = credentials.Failures(name);
  if (!failures.ok()) return failures.status();
  if (PausedAt(*failures, now)) return Status::Ok();
  if (!failures->paused_until.empty()) *failures = SigninFailures{};  // a pause ended: recount
  ++failures->failures;
  failures->last_failed_at = IsoUtc(now);
  if (policy.max_failures > 0 && failures->failures >= policy.max_failures) {
    failures->paused_until = IsoUtc(now + std::int64_t{policy.lockout_minutes} * kMillisPerMinute);
  }
  if (Status status = credentials.SetFailures(name, *failures); !status.ok()) return status;
  return transaction->Commit();
}

}  // namespace

bool SecretsEqual(const std::string& a, const std::string& b) { return ConstantTimeEquals(a, b); }

Result<SignedIn> Engine::SignIn(const std::string& name, const std::string& password,
                                const SessionPolicy& policy) {
  if (!SodiumReady()) return InternalError("libsodium could not be initialized");
  CredentialStore credentials(*impl_->db);
  const std::int64_t now = NowUnixMillis();
  std::optional<UserRecord> user;
  std::optional<std::string> hash;
  SigninFailures failures;
  {
    auto snapshot = ReadTransaction::Begin(*impl_->db);
    if (!snapshot.ok()) return snapshot.status();
    auto found = impl_->repo.FindUser(name);
    if (!found.ok()) return found.status();
    user = std::move(*found);
    auto stored = credentials.PasswordHash(name);
    if (!stored.ok()) return stored.status();
    hash = std::move(*stored);
    auto counted = credentials.Failures(name);
    if (!counted.ok()) return counted.status();
    failures = std::move(*counted);
  }
  // The same argon2id work whatever the account's state: timing tells nothing either.
  const bool verified = hash ? VerifyPassword(*hash, password) : VerifyAgainstDummy(password);
  if (!user || !user->active || !hash || PausedAt(failures, now) || !verified) {
    if (Status status = CountFailure(*impl_->db, name, policy, now); !status.ok()) return status;
    return SignInRefused();
  }
  // Stronger parameters than the stored hash's: rehash now, while the password is at hand.
  std::optional<std::string> rehashed;
  if (PasswordNeedsRehash(*hash)) {
    auto fresh = HashPassword(password);
    if (fresh.ok()) rehashed = std::move(*fresh);
  }

  auto transaction = WriteTransaction::Begin(*impl_->db);
  if (!transaction.ok()) return transaction.status();
  // Read again under the write lock: the password or the account may have changed since.
  auto current = credentials.PasswordHash(name);
  if (!current.ok()) return current.status();
  auto still = impl_->repo.FindUser(name);
  if (!still.ok()) return still.status();
  if (!*current || **current != *hash || !still->has_value() || !(*still)->active) {
    return SignInRefused();
  }
  const std::string now_text = IsoUtc(now);
  if (rehashed) {
    if (Status status = credentials.SetPasswordHash(name, *rehashed, now_text); !status.ok()) {
      return status;
    }
  }
  if (Status status = credentials.ClearFailures(name); !status.ok()) return status;
  if (Status status = credentials.PurgeSessionsOf(name, now_text); !status.ok()) return status;
  SignedIn signed_in;
  signed_in.token = RandomToken();
  signed_in.csrf_token = CsrfTokenFor(signed_in.token);
  signed_in.user = **still;
  signed_in.expires_at = IsoUtc(now + std::int64_t{policy.absolute_hours} * kMillisPerHour);
  if (Status status = credentials.InsertSession(
          {TokenDigest(signed_in.token), name, now_text, now_text, signed_in.expires_at, "", ""});
      !status.ok()) {
    return status;
  }
  if (Status status = transaction->Commit(); !status.ok()) return status;
  return signed_in;
}

Result<SessionInfo> Engine::Authenticate(const std::string& token, const SessionPolicy& policy) {
  if (!IsTokenShaped(token)) return SessionRefused("that is not a session token");
  CredentialStore credentials(*impl_->db);
  const std::string digest = TokenDigest(token);
  auto found = credentials.FindSession(digest);
  if (!found.ok()) return found.status();
  // The lookup is by digest, so its timing says nothing about the token; compare anyway.
  if (!found->has_value() || !ConstantTimeEquals((*found)->token_sha256, digest)) {
    return SessionRefused("this session is unknown");
  }
  const SessionRow& session = **found;
  if (!session.ended_at.empty()) return SessionRefused("it ended (" + session.end_reason + ")");

  const std::int64_t now = NowUnixMillis();
  // Ends the session for good, then refuses. A failure to record the end changes nothing
  // for the caller: the condition that ended it still holds next time.
  auto end = [&](const std::string& reason, const std::string& why) -> Status {
    auto transaction = WriteTransaction::Begin(*impl_->db);
    if (transaction.ok() && credentials.EndSession(digest, IsoUtc(now), reason).ok()) {
      (void)transaction->Commit();
    }
    return SessionRefused(why);
  };
  const std::optional<std::int64_t> created = ParseIsoUtc(session.created_at);
  const std::optional<std::int64_t> expires = ParseIsoUtc(session.expires_at);
  const std::optional<std::int64_t> last_used = ParseIsoUtc(session.last_used_at);
  // Both the limit set at sign-in and today's policy bound a session's life.
  if (!created || !expires || !last_used || now >= *expires ||
      now - *created >= std::int64_t{policy.absolute_hours} * kMillisPerHour) {
    return end("absolute limit",
               "it reached its limit of " + std::to_string(policy.absolute_hours) + " hours");
  }
  if (now - *last_used >= std::int64_t{policy.idle_minutes} * kMillisPerMinute) {
    return end("idle", "it was unused for " + std::to_string(policy.idle_minutes) + " minutes");
  }
  auto user = impl_->repo.FindUser(session.user);
  if (!user.ok()) return user.status();
  if (!user->has_value() || !(*user)->active) {
    return end("user disabled", "user " + session.user + " is disabled");
  }
  if (now - *last_used > kTouchEveryMillis) {
    auto transaction = WriteTransaction::Begin(*impl_->db);
    if (!transaction.ok()) return transaction.status();
    if (Status status = credentials.TouchSession(digest, IsoUtc(now)); !status.ok()) return status;
    if (Status status = transaction->Commit(); !status.ok()) return status;
  }
  SessionInfo info;
  info.user = **user;
  info.csrf_token = CsrfTokenFor(token);
  info.signed_in_at = session.created_at;
  info.expires_at = session.expires_at;
  info.may = CommandsFor(info.user);
  return info;
}

Status Engine::MayAttempt(const CommandOptions& options, const std::string& command) {
  const CommandPolicy* policy = PolicyNamed(command);
  if (policy == nullptr) return UsageError("there is no command '" + command + "'");
  auto actor = impl_->Actor(options.user);
  if (!actor.ok()) return actor.status();
  return AuthorizeCommand(policy->command, *actor);
}

Status Engine::SignOut(const std::string& token) {
  if (!IsTokenShaped(token)) return Status::Ok();
  auto transaction = WriteTransaction::Begin(*impl_->db);
  if (!transaction.ok()) return transaction.status();
  CredentialStore credentials(*impl_->db);
  if (Status status =
          credentials.EndSession(TokenDigest(token), IsoUtc(NowUnixMillis()), "signed out");
      !status.ok()) {
    return status;
  }
  return transaction->Commit();
}

}  // namespace equilens
