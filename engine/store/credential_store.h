// Reading and writing the secret tables of migration 5 (store/credential_schema.h):
// passwords, sessions, invitations and sign-in failures (engine-internal).
//
// Every call runs on the caller's connection, inside its transaction when one is open: the
// runtime writes a password row in the same transaction as its `password_set` event. Tokens
// arrive here already digested (hex SHA-256); instants are ISO 8601 UTC text.
#ifndef EQUILENS_STORE_CREDENTIAL_STORE_H_
#define EQUILENS_STORE_CREDENTIAL_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "equilens/status.h"
#include "store/database.h"

namespace equilens {

struct SessionRow {
  std::string token_sha256;
  std::string user;
  std::string created_at;
  std::string last_used_at;
  std::string expires_at;
  std::string ended_at;  // '' = open
  std::string end_reason;
};

struct InvitationRow {
  std::string token_sha256;
  std::string user;
  std::string created_at;
  std::string expires_at;
  std::string used_at;  // '' = unused
};

struct SigninFailures {
  std::int64_t failures = 0;  // failed sign-ins in a row
  std::string paused_until;   // '' = not paused
  std::string last_failed_at;
};

class CredentialStore {
 public:
  explicit CredentialStore(Database& db) : db_(db) {}

  // The user's argon2id string, or nullopt when they have no password.
  Result<std::optional<std::string>> PasswordHash(const std::string& user);
  // Sets (or replaces) the user's password hash.
  Status SetPasswordHash(const std::string& user, const std::string& hash, const std::string& at);

  Status InsertSession(const SessionRow& session);
  Result<std::optional<SessionRow>> FindSession(const std::string& token_sha256);
  Status TouchSession(const std::string& token_sha256, const std::string& at);
  // Ends one open session (an ended one keeps its first reason).
  Status EndSession(const std::string& token_sha256, const std::string& at,
                    const std::string& reason);
  // Ends every open session of `user` but `keep_sha256` ('' = keep none).
  Status EndSessionsOf(const std::string& user, const std::string& keep_sha256,
                       const std::string& at, const std::string& reason);
  // Forgets the user's sessions that ended or expired before `now`: they can never open
  // again, and the table stays the size of the sessions in use.
  Status PurgeSessionsOf(const std::string& user, const std::string& now);

  // Records an invitation, dropping the user's unused ones (a new link replaces the old).
  Status InsertInvitation(const InvitationRow& invitation);
  Result<std::optional<InvitationRow>> FindInvitation(const std::string& token_sha256);
  Status UseInvitation(const std::string& token_sha256, const std::string& at);

  // Zero failures and no pause when the user has no row.
  Result<SigninFailures> Failures(const std::string& user);
  Status SetFailures(const std::string& user, const SigninFailures& failures);
  Status ClearFailures(const std::string& user);
  // Forgets failures last counted before `before` whose pause (if any) is over by then.
  Status ForgetFailuresBefore(const std::string& before);

 private:
  Database& db_;
};

}  // namespace equilens

#endif  // EQUILENS_STORE_CREDENTIAL_STORE_H_
