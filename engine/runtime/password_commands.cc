// Engine::SetPassword, Invite and AcceptInvitation: how a person comes to have a password.
//
// Each records one event through the write path (`password_set` {user, how} or
// `invitation_created` {user, expires_at}) and writes the secret row (credentials or
// invitations) in the same transaction. The argon2id work happens before the transaction, so
// the write lock is never held for it.
#include "auth/password_hash.h"
#include "auth/secrets.h"
#include "auth/utc_clock.h"
#include "runtime/engine_impl.h"
#include "store/credential_store.h"

namespace equilens {
namespace {

// One answer for a token that is unknown, used or expired: a link tells nothing about why.
Status InvitationNotFound() {
  return NotFound(
      "this invitation link is unknown, already used or expired; ask an admin for a new one");
}

// Anyone may set their own password; only an admin may set another's.
Status CheckSelfOrAdmin(const UserRecord& actor, const std::string& name) {
  if (actor.name == name || actor.role == "admin") return Status::Ok();
  return Forbidden("only an admin may set another user's password; " + actor.name + " (" +
                   actor.role + ") may set only their own");
}

// The password rules, then its argon2id hash (outside any transaction: it takes tens of ms).
Result<std::string> RuledHash(const std::string& password) {
  if (Status status = CheckPasswordRules(password); !status.ok()) return status;
  return HashPassword(password);
}

// Stores `hash` as `name`'s password at `now`, ends their sessions but `keep_sha256`, and lifts
// any pause on the account: a new password is a fresh start.
Status StorePassword(CredentialStore& credentials, const std::string& name, const std::string& hash,
                     const std::string& now, const std::string& keep_sha256) {
  if (Status status = credentials.SetPasswordHash(name, hash, now); !status.ok()) return status;
  if (Status status = credentials.EndSessionsOf(name, keep_sha256, now, "password changed");
      !status.ok()) {
    return status;
  }
  return credentials.ClearFailures(name);
}

// Whether an invitation can still be used at `now` (ms): unused and not expired.
bool Usable(const std::optional<InvitationRow>& invitation, std::int64_t now) {
  if (!invitation || !invitation->used_at.empty()) return false;
  const std::optional<std::int64_t> expires = ParseIsoUtc(invitation->expires_at);
  return expires && now < *expires;
}

PlannedEvent PasswordSet(const std::string& name, const char* how) {
  return {"password_set", {{"user", name}, {"how", how}}};
}

}  // namespace

Status Engine::SetPassword(const CommandOptions& options, const std::string& name,
                           const std::string& password, const std::string& keep_session) {
  // Authorize before spending argon2id work on the request; the write path checks again.
  auto early = impl_->Read(options, Command::kPasswordSet, "");
  if (!early.ok()) return early.status();
  if (Status status = CheckSelfOrAdmin(early->actor, name); !status.ok()) return status;
  auto hash = RuledHash(password);
  if (!hash.ok()) return hash.status();

  CredentialStore credentials(*impl_->db);
  auto written = impl_->Write(
      options, Command::kPasswordSet, "",
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        if (Status status = CheckSelfOrAdmin(scope.actor, name); !status.ok()) return status;
        auto target = impl_->repo.FindUser(name);
        if (!target.ok()) return target.status();
        if (!target->has_value()) return NotFound("there is no user " + name);
        const bool self = scope.actor.name == name;
        // Only the user's own current session survives their own change.
        const std::string keep =
            self && IsTokenShaped(keep_session) ? TokenDigest(keep_session) : std::string();
        if (Status status = StorePassword(credentials, name, *hash, scope.now, keep);
            !status.ok()) {
          return status;
        }
        return std::vector<PlannedEvent>{PasswordSet(name, self ? "self" : "admin")};
      });
  return written.ok() ? Status::Ok() : written.status();
}

Result<std::string> Engine::Invite(const CommandOptions& options, const std::string& name,
                                   const SessionPolicy& policy, std::string* expires_at) {
  if (policy.invitation_days < 0) {
    return InvalidInput("invitation_days must be 0 or more, not " +
                        std::to_string(policy.invitation_days));
  }
  if (!SodiumReady()) return InternalError("libsodium could not be initialized");
  CredentialStore credentials(*impl_->db);
  std::string token;
  std::string expiry;
  auto written = impl_->Write(
      options, Command::kInvite, "",
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        auto target = impl_->repo.FindUser(name);
        if (!target.ok()) return target.status();
        if (!target->has_value()) return NotFound("there is no user " + name);
        if (!(*target)->active) {
          return RefusedByRule("user " + name + " is disabled; enable them first (`equilens " +
                               "user set " + name + " --active yes`), then invite them");
        }
        const std::int64_t now = ParseIsoUtc(scope.now).value_or(NowUnixMillis());
        token = RandomToken();
        expiry = IsoUtc(now + policy.invitation_days * kMillisPerDay);
        if (Status status =
                credentials.InsertInvitation({TokenDigest(token), name, scope.now, expiry, ""});
            !status.ok()) {
          return status;
        }
        return std::vector<PlannedEvent>{
            {"invitation_created", {{"user", name}, {"expires_at", expiry}}}};
      });
  if (!written.ok()) return written.status();
  if (expires_at != nullptr) *expires_at = expiry;
  return token;
}

Status Engine::AcceptInvitation(const std::string& token, const std::string& password) {
  if (!IsTokenShaped(token)) return InvitationNotFound();
  CredentialStore credentials(*impl_->db);
  const std::string digest = TokenDigest(token);
  // Whether the link is any good, before the password's rules and work: a typo in a stale
  // link should hear so rather than be told about password length.
  auto seen = credentials.FindInvitation(digest);
  if (!seen.ok()) return seen.status();
  if (!Usable(*seen, NowUnixMillis())) return InvitationNotFound();
  auto hash = RuledHash(password);
  if (!hash.ok()) return hash.status();

  auto transaction = WriteTransaction::Begin(*impl_->db);
  if (!transaction.ok()) return transaction.status();
  const std::int64_t now_millis = NowUnixMillis();
  const std::string now = IsoUtc(now_millis);
  // Read again under the write lock: another tab may have used it meanwhile.
  auto invitation = credentials.FindInvitation(digest);
  if (!invitation.ok()) return invitation.status();
  if (!Usable(*invitation, now_millis)) return InvitationNotFound();
  const std::string name = (*invitation)->user;
  auto user = impl_->repo.FindUser(name);
  if (!user.ok()) return user.status();
  if (!user->has_value() || !(*user)->active) return InvitationNotFound();

  if (Status status = credentials.UseInvitation(digest, now); !status.ok()) return status;
  if (Status status = StorePassword(credentials, name, *hash, now, ""); !status.ok()) {
    return status;
  }
  std::vector<PlannedEvent> planned = {PasswordSet(name, "invitation")};
  auto recorded = impl_->Record(name, (*user)->role, now, "", planned, "");
  if (!recorded.ok()) return recorded.status();
  return transaction->Commit();
}

}  // namespace equilens
