// Linting definition files as `equilens workflow lint` and `workflow load` see them: each
// file is sniffed as a form, a workflow or a calendar; forms are parsed first so that workflows
// given in the same call can use them, then any form still unknown is looked up in a forms
// folder. A calendar stands alone.
#ifndef EQUILENS_LINT_H_
#define EQUILENS_LINT_H_

#include <memory>
#include <string>
#include <vector>

#include "equilens/definition.h"

namespace equilens {

struct LintResult {
  DefinitionSet valid;                  // what parsed and validated
  std::vector<Diagnostic> diagnostics;  // every problem in every file
  bool ok() const { return diagnostics.empty(); }
};

// Lints `paths` (forms, workflows and calendars in any order). A workflow's forms are found among
// `paths` first, then through `known_forms` (e.g. those already in the database), then in
// `forms_dir` (empty = DefaultFormsDir(first workflow path)). Never fails as a call:
// unreadable files become diagnostics.
LintResult LintDefinitionFiles(const std::vector<std::string>& paths, std::string forms_dir,
                               const FormLookup& known_forms = {});

// Where the forms for a workflow file are looked up by default: $EQUILENS_HOME/templates/forms
// when EQUILENS_HOME is set; else ../templates/forms beside the workflow's folder when that
// exists (the layout of this repository and of an installed district folder); else the forms
// shipped with this build.
std::string DefaultFormsDir(const std::string& workflow_path);

}  // namespace equilens

#endif  // EQUILENS_LINT_H_
