// CredentialStore: the SQL for passwords, sessions, invitations and sign-in failures.
#include "store/credential_store.h"

#include "store/sql.h"

namespace equilens {

Result<std::optional<std::string>> CredentialStore::PasswordHash(const std::string& user) {
  return QueryOne<std::string>(db_, "SELECT password_hash FROM credentials WHERE user = ?1", {user},
                               [](const SqlRow& row) { return row.Text(0); });
}

Status CredentialStore::SetPasswordHash(const std::string& user, const std::string& hash,
                                        const std::string& at) {
  return SqlRun(db_,
                "INSERT INTO credentials (user, password_hash, set_at) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (user) DO UPDATE SET password_hash = ?2, set_at = ?3",
                {user, hash, at});
}

Status CredentialStore::InsertSession(const SessionRow& s) {
  return SqlRun(db_,
                "INSERT INTO sessions (token_sha256, user, created_at, last_used_at, expires_at, "
                "ended_at, end_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                {s.token_sha256, s.user, s.created_at, s.last_used_at, s.expires_at, s.ended_at,
                 s.end_reason});
}

Result<std::optional<SessionRow>> CredentialStore::FindSession(const std::string& token_sha256) {
  return QueryOne<SessionRow>(db_,
                              "SELECT token_sha256, user, created_at, last_used_at, expires_at, "
                              "ended_at, end_reason FROM sessions WHERE token_sha256 = ?1",
                              {token_sha256}, [](const SqlRow& row) {
                                return SessionRow{row.Text(0), row.Text(1), row.Text(2),
                                                  row.Text(3), row.Text(4), row.Text(5),
                                                  row.Text(6)};
                              });
}

Status CredentialStore::TouchSession(const std::string& token_sha256, const std::string& at) {
  return SqlRun(db_,
                "UPDATE sessions SET last_used_at = ?2 WHERE token_sha256 = ?1 AND ended_at = ''",
                {token_sha256, at});
}

Status CredentialStore::EndSession(const std::string& token_sha256, const std::string& at,
                                   const std::string& reason) {
  return SqlRun(db_,
                "UPDATE sessions SET ended_at = ?2, end_reason = ?3 "
                "WHERE token_sha256 = ?1 AND ended_at = ''",
                {token_sha256, at, reason});
}

Status CredentialStore::EndSessionsOf(const std::string& user, const std::string& keep_sha256,
                                      const std::string& at, const std::string& reason) {
  return SqlRun(db_,
                "UPDATE sessions SET ended_at = ?3, end_reason = ?4 "
                "WHERE user = ?1 AND token_sha256 <> ?2 AND ended_at = ''",
                {user, keep_sha256, at, reason});
}

Status CredentialStore::PurgeSessionsOf(const std::string& user, const std::string& now) {
  return SqlRun(db_,
                "DELETE FROM sessions WHERE user = ?1 AND (ended_at <> '' OR expires_at <= ?2)",
                {user, now});
}

Status CredentialStore::InsertInvitation(const InvitationRow& i) {
  Status status = SqlRun(db_, "DELETE FROM invitations WHERE user = ?1 AND used_at = ''", {i.user});
  if (!status.ok()) return status;
  return SqlRun(db_,
                "INSERT INTO invitations (token_sha256, user, created_at, expires_at, used_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5)",
                {i.token_sha256, i.user, i.created_at, i.expires_at, i.used_at});
}

Result<std::optional<InvitationRow>> CredentialStore::FindInvitation(
    const std::string& token_sha256) {
  return QueryOne<InvitationRow>(
      db_,
      "SELECT token_sha256, user, created_at, expires_at, used_at "
      "FROM invitations WHERE token_sha256 = ?1",
      {token_sha256}, [](const SqlRow& row) {
        return InvitationRow{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
      });
}

Status CredentialStore::UseInvitation(const std::string& token_sha256, const std::string& at) {
  return SqlRun(db_, "UPDATE invitations SET used_at = ?2 WHERE token_sha256 = ?1 AND used_at = ''",
                {token_sha256, at});
}

Result<SigninFailures> CredentialStore::Failures(const std::string& user) {
  auto row = QueryOne<SigninFailures>(
      db_, "SELECT failures, paused_until, last_failed_at FROM signin_failures WHERE user = ?1",
      {user}, [](const SqlRow& r) {
        return SigninFailures{r.Int(0), r.Text(1), r.Text(2)};
      });
  if (!row.ok()) return row.status();
  return row->value_or(SigninFailures{});
}

Status CredentialStore::SetFailures(const std::string& user, const SigninFailures& failures) {
  return SqlRun(db_,
                "INSERT INTO signin_failures (user, failures, paused_until, last_failed_at) "
                "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user) DO UPDATE SET failures = ?2, "
                "paused_until = ?3, last_failed_at = ?4",
                {user, failures.failures, failures.paused_until, failures.last_failed_at});
}

Status CredentialStore::ClearFailures(const std::string& user) {
  return SqlRun(db_, "DELETE FROM signin_failures WHERE user = ?1", {user});
}

Status CredentialStore::ForgetFailuresBefore(const std::string& before) {
  return SqlRun(db_, "DELETE FROM signin_failures WHERE last_failed_at < ?1 AND paused_until < ?1",
                {before});
}

}  // namespace equilens
