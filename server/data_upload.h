// The equity-data upload as multipart/form-data, read the same way for the JSON API
// (POST /api/initiatives/:id/data) and the initiative page's form (POST /initiatives/:id/data):
// one list of field names, spelled as the API's JSON body spells them.
#ifndef EQUILENS_SERVER_DATA_UPLOAD_H_
#define EQUILENS_SERVER_DATA_UPLOAD_H_

#include <string>
#include <vector>

#include "equilens/engine.h"
#include "server/http.h"

namespace equilens::server {

// Every field an upload may carry: the files `csv` and `state_csv`, the text fields
// `outcome`, `year`, `favourable`, `min_cell`, `min_n`, `risk_ratio_threshold`,
// `impact_ratio_floor`, `persistent_years`, and the guards `expect_version`, `request_id`,
// `csrf`. templates/web/initiative.mustache's upload form uses these names (a test checks).
const std::vector<std::string>& DataUploadFields();

struct DataUpload {
  DataRequest data;
  // What is wrong with the upload, each naming its field: an unknown field (with "did you
  // mean"), no district file, a number that is not one. Empty = `data` is ready for the engine.
  std::vector<std::string> problems;
};

// Reads a multipart upload; the guards go into `options`. A file part posted empty (what a
// browser sends for a file input left empty) counts as not posted.
DataUpload ReadDataUpload(const Request& request, CommandOptions& options);

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_DATA_UPLOAD_H_
