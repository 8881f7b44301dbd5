// The dashboard's context: each figure of Engine::Dashboard as a horizontal bar chart drawn
// server-side (SVG geometry computed here, so the page needs no script and no inline style),
// with a text alternative (the SVG's <title> and <desc>) and the same figures as a table.
#include <algorithm>
#include <cmath>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

// Chart geometry, in SVG user units (the SVG scales to its container): labels on the left,
// bars from kBarX, the longest kBarMax long, each row kRowPitch tall.
constexpr int kBarX = 210;
constexpr int kBarMax = 300;
constexpr int kBarHeight = 20;
constexpr int kRowPitch = 30;
constexpr int kTop = 10;

struct Bar {
  std::string label;
  double value;
  std::string value_text;
};

json Chart(const std::string& id, const std::string& title, const std::string& value_heading,
           const std::vector<Bar>& bars) {
  double largest = 0;
  for (const Bar& bar : bars) largest = std::max(largest, bar.value);
  json items = json::array();
  std::string desc;
  int row = 0;
  for (const Bar& bar : bars) {
    const int y = kTop + row++ * kRowPitch;
    // A non-zero figure always shows at least a sliver, so it never reads as zero.
    int width = largest > 0 ? static_cast<int>(std::lround(bar.value / largest * kBarMax)) : 0;
    if (bar.value > 0 && width < 2) width = 2;
    items.push_back({{"label", bar.label},
                     {"value_text", bar.value_text},
                     {"y", y},
                     {"text_y", y + kBarHeight - 5},
                     {"width", width},
                     {"value_x", kBarX + width + 8}});
    desc += (desc.empty() ? "" : "; ") + bar.label + ": " + bar.value_text;
  }
  if (desc.empty()) desc = "No figures yet.";
  return {{"id", id},
          {"title", title},
          {"desc", desc},
          {"height", kTop * 2 + std::max(1, row) * kRowPitch},
          {"has_bars", !items.empty()},
          {"value_heading", value_heading},
          {"bars", std::move(items)}};
}

std::vector<Bar> CountBars(const std::vector<DashboardView::Count>& counts) {
  std::vector<Bar> bars;
  for (const DashboardView::Count& count : counts) {
    bars.push_back({count.label.empty() ? Humanize(count.key) : count.label,
                    static_cast<double>(count.count), std::to_string(count.count)});
  }
  return bars;
}

}  // namespace

json DashboardContext(const PageFrame& frame, const DashboardView& dashboard) {
  json context = FrameContext(frame);
  std::vector<Bar> times;
  for (const DashboardView::StageTime& time : dashboard.stage_times) {
    times.push_back({time.title.empty() ? Humanize(time.stage) : time.title, time.median_days,
                     Decimal(time.median_days, 1) + " days (" + std::to_string(time.stays) +
                         (time.stays == 1 ? " stay)" : " stays)")});
  }
  json charts = json::array({
      Chart("by-stage", "Open initiatives by stage", "Initiatives", CountBars(dashboard.by_stage)),
      Chart("by-department", "Initiatives by department", "Initiatives",
            CountBars(dashboard.by_department)),
      Chart("by-lifecycle", "Initiatives by lifecycle state", "Initiatives",
            CountBars(dashboard.by_lifecycle)),
      Chart("stage-times", "Median days in each stage", "Median days", times),
  });
  json flagged = json::array();
  for (const DashboardView::Flagged& item : dashboard.flagged) {
    flagged.push_back({{"id", item.id},
                       {"href", "/initiatives/" + UrlEncode(item.id)},
                       {"title", item.title},
                       {"department", item.department},
                       {"max_risk_ratio", Decimal(item.max_risk_ratio, 2)},
                       {"groups", item.groups}});
  }
  context["dashboard"] = {{"overdue_stages", dashboard.overdue_stages},
                          {"overdue_actions", dashboard.overdue_actions},
                          {"charts", std::move(charts)},
                          {"has_flagged", !flagged.empty()},
                          {"flagged", std::move(flagged)}};
  return context;
}

}  // namespace equilens::web
