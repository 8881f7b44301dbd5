// Parsed definitions by SHA-256, read from the store's copies of their text.
//
// An initiative keeps the sha256 of the workflow it was filed under; its forms are the ones
// that workflow was validated against (the store's bindings). Parsing is cheap (well under a
// millisecond) and done once per Engine.
#ifndef EQUILENS_RUNTIME_DEFINITION_CACHE_H_
#define EQUILENS_RUNTIME_DEFINITION_CACHE_H_

#include <map>
#include <memory>
#include <string>

#include "equilens/definition.h"
#include "runtime/school_days.h"
#include "store/repository.h"

namespace equilens {

class DefinitionCache {
 public:
  // The workflow stored under `sha256`, with its bound forms; integrity error if the stored
  // text no longer validates (the database was edited by hand).
  Result<std::shared_ptr<const WorkflowDefinition>> Workflow(Repository& repo,
                                                             const std::string& sha256);
  Result<std::shared_ptr<const FormDefinition>> Form(Repository& repo, const std::string& sha256);
  // The form used at `stage` of the workflow stored under `workflow_sha256`; null if none.
  Result<std::shared_ptr<const FormDefinition>> StageForm(Repository& repo,
                                                          const std::string& workflow_sha256,
                                                          const std::string& stage);
  // The version of form `form_id` bound to the workflow stored under `workflow_sha256`; null
  // if the workflow uses no such form.
  Result<std::shared_ptr<const FormDefinition>> BoundForm(Repository& repo,
                                                          const std::string& workflow_sha256,
                                                          const std::string& form_id);

  // The district calendar now: the newest loaded version of each calendar id (Monday to
  // Friday when none is loaded). Re-read whenever the set of loaded calendars changed, so a
  // calendar another process loaded applies to this Engine's next command.
  Result<std::shared_ptr<const SchoolCalendar>> Calendar(Repository& repo);

 private:
  std::map<std::string, std::shared_ptr<const WorkflowDefinition>> workflows_;
  std::string calendar_key_;  // the sha256s the cached calendar was built from, joined
  std::shared_ptr<const SchoolCalendar> calendar_ = std::make_shared<const SchoolCalendar>();
  // workflow sha256 -> (form id -> form sha256); immutable once a workflow is loaded.
  std::map<std::string, std::map<std::string, std::string>> bindings_;
  std::map<std::string, std::shared_ptr<const FormDefinition>> forms_;
};

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_DEFINITION_CACHE_H_
