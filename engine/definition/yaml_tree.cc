// The tree builder: yaml-cpp's parser events -> YamlNode, with the loader's structural refusals.
//
// This file and prescan.cc are where YAML text is read; yaml-cpp is included nowhere else, and
// its exceptions are caught here and become diagnostics. The event API is used rather than
// YAML::Load because it reports anchors, aliases and tags with positions and never expands an
// alias, and because it shows every key of a map, so duplicates can be found.
#include "definition/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <sstream>
#include <unordered_map>

#include "definition/prescan.h"

namespace equilens {

const YamlNode* YamlNode::Find(std::string_view name) const {
  if (kind != Kind::kMap) return nullptr;
  for (const YamlNode& child : children) {
    if (child.key == name) return &child;
  }
  return nullptr;
}

namespace {

// Thrown from a callback to stop the parser when going on would be unsafe or pointless; it
// unwinds through yaml-cpp, which holds its state in RAII members.
struct StopParse {};

// Turns yaml-cpp marks (0-based line, 0-based byte column) into 1-based line and character
// column, so that positions agree with the pre-scan's and with editors'. The parser reports
// marks in text order, so on a line with non-ASCII text the count resumes from the last mark:
// a million-byte line costs one pass, not one per node.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    ascii_.push_back(true);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        starts_.push_back(i + 1);
        ascii_.push_back(true);
      } else if (static_cast<std::uint8_t>(text[i]) >= 0x80) {
        ascii_.back() = false;
      }
    }
  }

  SourcePos ToPos(const YAML::Mark& mark) {
    if (mark.line < 0 || static_cast<std::size_t>(mark.line) >= starts_.size()) return {};
    const int line = mark.line + 1;
    if (ascii_[mark.line]) return {line, std::max(mark.column, 0) + 1};
    const std::size_t start = starts_[mark.line];
    const std::size_t end = std::min(text_.size(), start + std::max(mark.column, 0));
    if (cursor_line_ != line || cursor_byte_ > end) {
      cursor_line_ = line;
      cursor_byte_ = start;
      cursor_column_ = 1;
    }
    for (; cursor_byte_ < end; ++cursor_byte_) {
      if ((static_cast<std::uint8_t>(text_[cursor_byte_]) & 0xC0) != 0x80) ++cursor_column_;
    }
    return {line, cursor_column_};
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;  // byte offset of each line
  std::vector<bool> ascii_;          // whether each line is all ASCII (byte column = column)
  int cursor_line_ = 0;              // where the last non-ASCII count stopped
  std::size_t cursor_byte_ = 0;
  int cursor_column_ = 1;
};

// Refusals of one kind beyond this many are summed up in one last diagnostic, so that an alias
// bomb yields a readable list rather than thousands of lines.
constexpr int kListedPerKind = 10;

class RefusalList {
 public:
  RefusalList(const char* plural, Reporter& reporter) : plural_(plural), reporter_(reporter) {}
  void Add(SourcePos pos, std::string message) {
    if (++count_ <= kListedPerKind) {
      reporter_.Error(pos, std::move(message));
    } else if (count_ == kListedPerKind + 1) {
      first_unlisted_ = pos;
    }
  }
  void Finish() {
    if (count_ <= kListedPerKind) return;
    reporter_.Error(first_unlisted_, "... and " + std::to_string(count_ - kListedPerKind) +
                                         " more " + plural_ + " from here on");
  }
  int count() const { return count_; }

 private:
  const char* plural_;
  Reporter& reporter_;
  int count_ = 0;
  SourcePos first_unlisted_;
};

constexpr const char* kNoReuse =
    "definitions are read without anchors, aliases and merge keys: write the value out in full";

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(LineIndex& lines, Reporter& reporter)
      : lines_(lines),
        reporter_(reporter),
        anchors_("anchors", reporter),
        aliases_("aliases", reporter),
        tags_("tags", reporter),
        merges_("merge keys", reporter) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ == 0) return;
    Refuse(lines_.ToPos(mark),
           "a second YAML document starts here: a definition file holds one document "
           "(remove this `---` or move what follows to its own file)");
    throw StopParse{};
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    Add(MakeNode(YamlNode::Kind::kNull, mark));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::string name =
        anchor >= 1 && anchor <= anchor_names_.size() ? anchor_names_[anchor - 1] : "?";
    aliases_.Add(lines_.ToPos(mark), "alias '*" + name + "' is not allowed: " + kNoReuse);
    Add(MakeNode(YamlNode::Kind::kNull, mark));
  }

  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    anchor_names_.push_back(name);
    anchors_.Add(lines_.ToPos(mark), "anchor '&" + name + "' is not allowed: " + kNoReuse);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                const std::string& value) override {
    YamlNode node = MakeNode(YamlNode::Kind::kScalar, mark);
    CheckTag(tag, node.pos);
    node.text = value;
    node.quoted = tag == "!";  // the non-specific tag of quoted scalars (and of a bare `!`)
    Add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(YamlNode::Kind::kSequence, mark, tag);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(YamlNode::Kind::kMap, mark, tag);
  }
  void OnMapEnd() override { Close(); }

  // Sums up long lists of refusals; call once after parsing.
  void Finish() {
    for (RefusalList* list : {&anchors_, &aliases_, &tags_, &merges_}) list->Finish();
  }

  bool refused() const {
    return refused_ || anchors_.count() + aliases_.count() + tags_.count() + merges_.count() > 0;
  }
  bool has_root() const { return has_root_; }
  YamlNode TakeRoot() { return std::move(root_); }

 private:
  // An open collection, and for a map the key waiting for its value.
  struct Frame {
    YamlNode node;
    bool have_key = false;
    bool drop_value = false;  // the key was refused or repeated: its value is not kept
    std::string key;
    SourcePos key_pos;
    std::unordered_map<std::string, SourcePos> seen;  // key -> where it first appeared
  };

  YamlNode MakeNode(YamlNode::Kind kind, const YAML::Mark& mark) {
    if (++nodes_ > kMaxDefinitionNodes) {
      Refuse(lines_.ToPos(mark), "more than " + std::to_string(kMaxDefinitionNodes) +
                                     " values: a definition is never this large");
      throw StopParse{};
    }
    YamlNode node;
    node.kind = kind;
    node.pos = lines_.ToPos(mark);
    return node;
  }

  void CheckTag(const std::string& tag, SourcePos pos) {
    if (tag.empty() || tag == "?" || tag == "!") return;  // non-specific: no tag was written
    static const std::string kCore = "tag:yaml.org,2002:";
    const std::string shown = tag.rfind(kCore, 0) == 0 ? "!!" + tag.substr(kCore.size()) : tag;
    tags_.Add(pos, "tag '" + shown +
                       "' is not allowed: definitions use plain YAML values; write the value "
                       "without a tag (quote it to make it text)");
  }

  void Open(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag) {
    Frame frame;
    frame.node = MakeNode(kind, mark);
    CheckTag(tag, frame.node.pos);
    if (frames_.size() >= static_cast<std::size_t>(kMaxDefinitionDepth)) {
      // The pre-scan bounds depth from the text; this holds the bound inside the parser too,
      // before it recurses, whatever text got past the scan.
      Refuse(frame.node.pos, "nesting deeper than " + std::to_string(kMaxDefinitionDepth) +
                                 " levels of maps and lists: a definition never needs that many");
      throw StopParse{};
    }
    frames_.push_back(std::move(frame));
  }

  void Close() {
    YamlNode done = std::move(frames_.back().node);
    frames_.pop_back();
    Add(std::move(done));
  }

  void Add(YamlNode node) {
    if (frames_.empty()) {
      root_ = std::move(node);
      has_root_ = true;
      return;
    }
    Frame& frame = frames_.back();
    if (frame.node.kind == YamlNode::Kind::kSequence) {
      frame.node.children.push_back(std::move(node));
    } else if (!frame.have_key) {
      AcceptKey(frame, node);
    } else {
      frame.have_key = false;
      if (frame.drop_value) return;
      node.key = std::move(frame.key);
      node.key_pos = frame.key_pos;
      if (node.IsNull()) node.pos = node.key_pos;  // yaml-cpp marks the token after `key:`
      frame.node.children.push_back(std::move(node));
    }
  }

  void AcceptKey(Frame& frame, const YamlNode& key) {
    frame.have_key = true;
    frame.drop_value = true;
    if (!key.IsScalar() || key.text.empty()) {
      reporter_.Error(key.pos, key.IsNull() ? "a value with no key: write `name: value`"
                                            : "a key must be a plain name, not a list or map");
      return;
    }
    if (!key.quoted && key.text == "<<") {
      merges_.Add(key.pos, std::string("merge key '<<' is not allowed: ") + kNoReuse);
      return;
    }
    auto [first, inserted] = frame.seen.emplace(key.text, key.pos);
    if (!inserted) {
      reporter_.Error(key.pos, "duplicate key '" + key.text + "' (first given at line " +
                                   std::to_string(first->second.line) + ", column " +
                                   std::to_string(first->second.column) +
                                   "): each key may appear once in a map");
      return;
    }
    frame.drop_value = false;
    frame.key = key.text;
    frame.key_pos = key.pos;
  }

  void Refuse(SourcePos pos, std::string message) {
    refused_ = true;
    reporter_.Error(pos, std::move(message));
  }

  LineIndex& lines_;
  Reporter& reporter_;
  RefusalList anchors_, aliases_, tags_, merges_;
  std::vector<std::string> anchor_names_;  // yaml-cpp numbers anchors 1, 2, ... as they appear
  std::vector<Frame> frames_;
  YamlNode root_;
  bool has_root_ = false;
  bool refused_ = false;
  int documents_ = 0;
  std::size_t nodes_ = 0;
};

// Stops the parser at the first key of the top-level map.
class FirstKeyReader final : public YAML::EventHandler {
 public:
  std::optional<std::string> key;

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override { throw StopParse{}; }
  void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override { throw StopParse{}; }
  void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {
    throw StopParse{};
  }
  void OnScalar(const YAML::Mark& /*mark*/, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (in_map_ && (tag == "?" || tag == "!") && anchor == YAML::NullAnchor) key = value;
    throw StopParse{};
  }
  void OnSequenceStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/,
                       YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
    throw StopParse{};
  }
  void OnSequenceEnd() override { throw StopParse{}; }
  void OnMapStart(const YAML::Mark& /*mark*/, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    if (in_map_ || tag != "?" || anchor != YAML::NullAnchor) throw StopParse{};
    in_map_ = true;
  }
  void OnMapEnd() override { throw StopParse{}; }
  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& /*name*/) override {
    throw StopParse{};
  }

 private:
  bool in_map_ = false;
};

}  // namespace

std::optional<std::string> ReadFirstKey(const DefinitionSource& source) {
  std::vector<Diagnostic> ignored;
  Reporter reporter(source.name, ignored);
  if (!PrescanYaml(source.text, reporter)) return std::nullopt;
  FirstKeyReader reader;
  try {
    std::istringstream input(source.text);
    YAML::Parser parser(input);
    parser.HandleNextDocument(reader);
  } catch (const StopParse&) {
    return reader.key;
  } catch (const std::exception&) {
    // YAML::Exception or worse: the text does not parse as far as its first key
  }
  return std::nullopt;
}

std::optional<YamlNode> ReadYamlTree(const DefinitionSource& source, Reporter& reporter) {
  if (!PrescanYaml(source.text, reporter)) return std::nullopt;
  LineIndex lines(source.text);
  TreeBuilder builder(lines, reporter);
  try {
    std::istringstream input(source.text);
    YAML::Parser parser(input);
    if (parser.HandleNextDocument(builder)) {
      parser.HandleNextDocument(builder);  // only to see whether a second document starts
    }
  } catch (const StopParse&) {
    // already reported
  } catch (const YAML::Exception& error) {
    builder.Finish();
    reporter.Error(lines.ToPos(error.mark), "this is not valid YAML: " + error.msg);
    return std::nullopt;
  } catch (const std::exception& error) {
    builder.Finish();
    reporter.Error({1, 1}, std::string("could not read the YAML: ") + error.what());
    return std::nullopt;
  }
  builder.Finish();
  if (builder.refused()) return std::nullopt;
  if (!builder.has_root()) {
    reporter.Error({1, 1}, "the file is empty: a definition starts with `workflow:` or `form:`");
    return std::nullopt;
  }
  return builder.TakeRoot();
}

}  // namespace equilens
