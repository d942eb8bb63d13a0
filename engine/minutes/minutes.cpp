#include "engine/minutes/minutes.hpp"

#include <fmt/format.h>

#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::minutes {
namespace {

struct Writer {
  const MeetingRecord& r;
  Style style;
  Document doc;

  bool zh() const { return style.language == Language::zh; }
  std::string t(engine::Timestamp at) const { return local_time(at, style.utc_offset_minutes); }
  // A member as readers know them: their display name, else their id.
  std::string who(const engine::MemberId& member) const {
    return style.names ? (*style.names)(member) : member;
  }
  // Picks the zh or en wording.
  std::string w(std::string_view zh_text, std::string_view en_text) const {
    return std::string(zh() ? zh_text : en_text);
  }
  std::string vote_text(const Vote& v) const {
    std::string how;
    if (!v.ballot.empty()) {
      how =
          zh() ? fmt::format("（{}投票 {}，选票{}已公布）", v.secret ? "无记名" : "记名", v.ballot,
                             v.secret ? "按回执" : "")
               : fmt::format(" ({} ballot {}; its ballots are published{})",
                             v.secret ? "secret" : "open", v.ballot, v.secret ? " by receipt" : "");
    }
    return zh() ? fmt::format("赞成 {}，反对 {}，弃权 {}：{}{}", v.yes, v.no, v.abstain,
                              v.passed ? "通过" : "未通过", how)
                : fmt::format("yes {}, no {}, abstain {}: {}{}", v.yes, v.no, v.abstain,
                              v.passed ? "carried" : "failed", how);
  }
  // Adjournment records coded reasons; motions record the mover's own words.
  std::string deferral_reason(const std::string& reason) const {
    if (reason == engine::kNotReached) return w("散会前未审议", "not reached before adjournment");
    if (reason == engine::kLeftOpenAtAdjournment)
      return w("散会时未决", "left open at adjournment");
    return reason;
  }
  std::string area(std::int64_t centi) const {
    return fmt::format("{}.{:02} m²", centi / 100, centi % 100);
  }

  void header() {
    doc.heading(1, w("会议纪要：", "Minutes: ") + r.title);
    doc.item(zh() ? fmt::format("会议：{}（{}）", r.id, word(style.language, r.kind))
                  : fmt::format("Meeting: {} ({})", r.id, word(style.language, r.kind)));
    doc.item(zh() ? fmt::format("召集方：{}；主持人：{}", who(r.convener), who(r.chair))
                  : fmt::format("Convener: {}; chair: {}", who(r.convener), who(r.chair)));
    std::string notice =
        zh() ? fmt::format("通知发布：{}；会议时间：{}", t(r.scheduled_at), t(r.starts_at))
             : fmt::format("Notice published {}; meeting set for {}", t(r.scheduled_at),
                           t(r.starts_at));
    if (!r.urgent_reason.empty()) {
      notice += zh() ? "；紧急程序，理由：" + r.urgent_reason
                     : "; urgent track, reason: " + r.urgent_reason;
    }
    doc.item(notice);
    const std::string quorum =
        fmt::format("{}{}/{}", r.quorum.strict ? "> " : "≥ ", r.quorum.num, r.quorum.den);
    doc.item(zh() ? fmt::format("议事规则：第 {} 版；法定人数：按{} {}", r.rulebook_version,
                                word(style.language, r.quorum_basis), quorum)
                  : fmt::format("Rulebook version {}; quorum: {} {}", r.rulebook_version,
                                word(style.language, r.quorum_basis), quorum));
    const auto when = [&](engine::Timestamp at) { return at ? t(at) : w("—", "—"); };
    doc.item(zh() ? fmt::format("开放签到：{}；宣布开会：{}；散会：{}", when(r.opened_at),
                                when(r.called_to_order_at), when(r.adjourned_at))
                  : fmt::format("Opened {}; called to order {}; adjourned {}", when(r.opened_at),
                                when(r.called_to_order_at), when(r.adjourned_at)));
    doc.item(w("时间均为 ", "All times ") + offset_name(style.utc_offset_minutes) +
             w("；本纪要由事件日志自动生成", "; generated from the event log") +
             fmt::format(" (#{}–#{})", r.first_seq, r.last_seq));
  }

  void attendance() {
    doc.heading(2, w("出席与法定人数", "Attendance and quorum"));
    doc.item(zh() ? fmt::format("应到：{} 人，{} 户，{}", r.electorate_people,
                                r.electorate_households, area(r.electorate_area_centi_m2))
                  : fmt::format("Electorate: {} people, {} households, {}", r.electorate_people,
                                r.electorate_households, area(r.electorate_area_centi_m2)));
    for (const Proxy& p : r.proxies) {
      doc.item(
          zh() ? fmt::format("{} {} 委托 {} 代理", t(p.at), who(p.grantor), who(p.holder))
               : fmt::format("{} {} gave a proxy to {}", t(p.at), who(p.grantor), who(p.holder)));
    }
    std::vector<std::vector<std::string>> rows{
        {w("时间", "Time"), w("事项", "Event"), w("详情", "Details")}};
    std::size_t q = 0;
    const auto flush_quorum = [&](engine::Timestamp until, bool inclusive) {
      while (q < r.quorum_changes.size() &&
             (r.quorum_changes[q].at < until || (inclusive && r.quorum_changes[q].at == until))) {
        const QuorumChange& c = r.quorum_changes[q++];
        rows.push_back(
            {t(c.at),
             c.met ? w("达到法定人数", "quorum reached") : w("不足法定人数", "quorum lost"),
             zh() ? fmt::format("{} 人，{} 户，{}", c.people, c.households, area(c.area_centi_m2))
                  : fmt::format("{} people, {} households, {}", c.people, c.households,
                                area(c.area_centi_m2))});
      }
    };
    for (const Presence& p : r.presence) {
      flush_quorum(p.at, false);
      rows.push_back(
          {t(p.at), p.arrived ? w("签到", "arrived") : w("离场", "left"), who(p.member)});
      flush_quorum(p.at, true);
    }
    flush_quorum(std::numeric_limits<engine::Timestamp>::max(), true);
    doc.table(std::move(rows));
    for (const auto& [at, to] : r.chair_changes) {
      doc.item(zh() ? fmt::format("{} 主持人交由 {} 担任", t(at), who(to))
                    : fmt::format("{} the chair passed to {}", t(at), who(to)));
    }
  }

  void agenda() {
    doc.heading(2, w("议程", "Agenda"));
    for (std::size_t i = 0; i < r.agenda.size(); ++i) {
      const ItemRecord& item = r.agenda[i];
      std::string line = zh() ? fmt::format("议题 {}：{}（{}）", i + 1, item.title, item.id)
                              : fmt::format("Item {}: {} ({})", i + 1, item.title, item.id);
      line += zh() ? fmt::format("，计划 {} 分钟", item.planned_minutes)
                   : fmt::format(", {} minutes planned", item.planned_minutes);
      if (!item.proposal.empty()) {
        line += zh() ? "，提案 " + item.proposal : ", proposal " + item.proposal;
      }
      doc.item(line);
    }
  }

  void motion(const MotionRecord& m) {
    std::string line = zh() ? fmt::format("{} 动议 #{}（{}），{} 提出", t(m.at), m.number,
                                          word(style.language, m.kind), who(m.mover))
                            : fmt::format("{} motion #{} ({}) by {}", t(m.at), m.number,
                                          word(style.language, m.kind), who(m.mover));
    if (!m.seconder.empty())
      line += zh() ? "，" + who(m.seconder) + " 附议" : ", seconded by " + who(m.seconder);
    if (!m.text.empty()) line += zh() ? "：" + m.text : ": " + m.text;
    if (m.turn_limit) {
      line += zh() ? fmt::format("（每次发言 {} 秒）", m.turn_limit / 1000)
                   : fmt::format(" ({} s per turn)", m.turn_limit / 1000);
    }
    line += zh() ? "。" : ". ";
    if (m.lapsed) {
      line += w("无人附议，动议失效", "Lapsed for want of a second");
    } else if (!m.vote) {
      line += w("未付表决", "Not put to a vote");
    } else if (m.kind == engine::MotionKind::appeal) {
      // The question put was "shall the chair's decision stand?": a vote that
      // carries it means the appeal failed.
      const Vote& v = *m.vote;
      line += zh() ? fmt::format("表决：赞成维持 {}，反对 {}，弃权 {}：{}", v.yes, v.no, v.abstain,
                                 v.passed ? "裁定维持，申诉未成立" : "裁定被推翻，申诉成立")
                   : fmt::format("Vote: yes (sustain) {}, no {}, abstain {}: {}", v.yes, v.no,
                                 v.abstain,
                                 v.passed ? "the ruling stands; the appeal failed"
                                          : "the ruling is reversed; the appeal succeeded");
    } else {
      line += w("表决：", "Vote: ") + vote_text(*m.vote);
    }
    doc.item(line);
  }

  void point(const PointOfOrder& p) {
    std::string line =
        zh() ? fmt::format("{} {} 提出秩序问题：{}", t(p.at), who(p.raised_by), p.text)
             : fmt::format("{} point of order by {}: {}", t(p.at), who(p.raised_by), p.text);
    if (p.sustained) {
      line +=
          zh() ? fmt::format("。主持人裁定：{}（{}）", *p.sustained ? "成立" : "不成立", p.ruling)
               : fmt::format(". Ruled {} ({})", *p.sustained ? "well taken" : "not well taken",
                             p.ruling);
    }
    if (p.reversed_on_appeal) line += w("；经申诉，会议推翻该裁定", "; reversed on appeal");
    doc.item(line);
  }

  void item(std::size_t index, const ItemRecord& item) {
    doc.heading(2, zh() ? fmt::format("议题 {}：{}", index + 1, item.title)
                        : fmt::format("Item {}: {}", index + 1, item.title));
    if (!item.started_at) {
      std::string line = w("未审议", "Not taken up");
      if (item.phase == engine::ItemPhase::deferred) {
        line +=
            w("；提案退回已受理，待另行排期（", "; its proposal returns to the accepted list (") +
            deferral_reason(item.deferred_reason) + w("）", ")");
      }
      doc.item(line);
      return;
    }
    doc.item(zh() ? fmt::format("{} 开始，介绍人 {}", t(item.started_at), who(item.presenter))
                  : fmt::format("Taken up {}, presented by {}", t(item.started_at),
                                who(item.presenter)));
    if (item.debate_opened_at) {
      doc.item(w("辩论开始：", "Debate opened ") + t(item.debate_opened_at));
    }
    if (!item.speeches.empty()) {
      doc.heading(3, w("发言", "Speakers"));
      std::vector<std::vector<std::string>> rows{{"#", w("时间", "Time"), w("发言人", "Speaker"),
                                                  w("立场", "Stance"), w("时长", "Duration"),
                                                  w("结束", "Ended")}};
      for (std::size_t i = 0; i < item.speeches.size(); ++i) {
        const Speech& s = item.speeches[i];
        std::string ended(word(style.language, s.how));
        if (!s.cut_off_reason.empty())
          ended += zh() ? "：" + s.cut_off_reason : ": " + s.cut_off_reason;
        rows.push_back({std::to_string(i + 1), t(s.at), who(s.member),
                        std::string(word(style.language, s.stance)), duration(s.spoke), ended});
      }
      doc.table(std::move(rows));
    }
    if (!item.points_of_order.empty()) {
      doc.heading(3, w("秩序问题", "Points of order"));
      for (const auto& p : item.points_of_order) point(p);
    }
    if (!item.motions.empty()) {
      doc.heading(3, w("动议", "Motions"));
      for (const auto& m : item.motions) motion(m);
    }
    doc.heading(3, w("决定", "Decision"));
    if (item.final_question != item.question) {
      doc.item(w("原议题：", "Question as proposed: ") + item.question);
      doc.item(w("修正后议题：", "Question as amended: ") + item.final_question);
    } else {
      doc.item(w("议题：", "Question: ") + item.question);
    }
    if (item.vote) doc.item(w("表决：", "Vote: ") + vote_text(*item.vote));
    switch (item.phase) {
      case engine::ItemPhase::decided:
        doc.item(zh() ? fmt::format("结果：{}（{}）", word(style.language, item.outcome),
                                    t(item.closed_at))
                      : fmt::format("Outcome: {} ({})", word(style.language, item.outcome),
                                    t(item.closed_at)));
        break;
      case engine::ItemPhase::deferred:
        doc.item(zh() ? fmt::format("结果：延期（{}）（{}）", deferral_reason(item.deferred_reason),
                                    t(item.closed_at))
                      : fmt::format("Outcome: deferred ({}) ({})",
                                    deferral_reason(item.deferred_reason), t(item.closed_at)));
        break;
      default:
        doc.item(w("结果：未完成", "Outcome: not concluded"));
    }
  }

  void closing() {
    if (!r.procedural_motions.empty() || !r.procedural_points.empty() || !r.recesses.empty()) {
      doc.heading(2, w("程序事项", "Procedural business"));
      for (const auto& p : r.procedural_points) point(p);
      for (const auto& m : r.procedural_motions) motion(m);
      for (const auto& [from, to] : r.recesses) {
        doc.item(zh() ? fmt::format("休会：{} 至 {}", t(from), to ? t(to) : "—")
                      : fmt::format("Recess from {} to {}", t(from), to ? t(to) : "—"));
      }
    }
    doc.heading(2, w("纪要更正", "Corrections to these minutes"));
    if (r.minutes_amendments.empty()) doc.item(w("无", "None"));
    for (const auto& [at, text] : r.minutes_amendments) doc.item(t(at) + " " + text);
    doc.heading(2, w("批准", "Approval"));
    doc.item(r.approved ? (zh() ? fmt::format("{} 由 {} 批准", t(r.approved->first),
                                              who(r.approved->second))
                                : fmt::format("Approved by {} on {}", who(r.approved->second),
                                              t(r.approved->first)))
                        : w("尚未批准", "Not yet approved"));
  }
};

}  // namespace

Document minutes_document(const MeetingRecord& r, const Style& style) {
  Writer w{r, style, {}};
  w.header();
  w.attendance();
  w.agenda();
  for (std::size_t i = 0; i < r.agenda.size(); ++i) w.item(i, r.agenda[i]);
  w.closing();
  return std::move(w.doc);
}

std::string minutes_markdown(const MeetingRecord& r, const Style& style) {
  return to_markdown(minutes_document(r, style));
}

std::string minutes_html(const MeetingRecord& r, const Style& style) {
  return to_html(minutes_document(r, style), r.title,
                 style.language == Language::zh ? "zh-CN" : "en");
}

nlohmann::ordered_json minutes_json(const MeetingRecord& r) {
  using json = nlohmann::ordered_json;
  const auto time = [](engine::Timestamp at) { return at ? json(wire::format_time(at)) : json(); };
  const auto vote = [](const std::optional<Vote>& v) {
    if (!v) return json();
    json out = {{"yes", v->yes}, {"no", v->no}, {"abstain", v->abstain}, {"passed", v->passed}};
    if (!v->ballot.empty()) {
      out["ballot"] = v->ballot;
      out["secrecy"] = v->secret ? "secret" : "open";
    }
    return out;
  };
  const auto motion = [&](const MotionRecord& m) {
    return json{{"number", m.number},
                {"at", time(m.at)},
                {"kind", engine::to_string(m.kind)},
                {"mover", m.mover},
                {"seconder", m.seconder},
                {"text", m.text},
                {"turn_seconds", m.turn_limit / 1000},
                {"vote", vote(m.vote)}};
  };
  const auto point = [&](const PointOfOrder& p) {
    return json{{"at", time(p.at)},   {"raised_by", p.raised_by},
                {"text", p.text},     {"sustained", p.sustained ? json(*p.sustained) : json()},
                {"ruling", p.ruling}, {"reversed_on_appeal", p.reversed_on_appeal}};
  };
  json out = {{"meeting", r.id},
              {"kind", engine::to_string(r.kind)},
              {"title", r.title},
              {"convener", r.convener},
              {"chair", r.chair},
              {"scheduled_at", time(r.scheduled_at)},
              {"starts_at", time(r.starts_at)},
              {"urgent_reason", r.urgent_reason},
              {"rulebook_version", r.rulebook_version},
              {"opened_at", time(r.opened_at)},
              {"called_to_order_at", time(r.called_to_order_at)},
              {"adjourned_at", time(r.adjourned_at)},
              {"electorate",
               {{"people", r.electorate_people},
                {"households", r.electorate_households},
                {"area_m2", static_cast<double>(r.electorate_area_centi_m2) / 100}}},
              {"log_range", {r.first_seq, r.last_seq}}};
  json presence = json::array();
  for (const auto& p : r.presence) {
    presence.push_back({{"at", time(p.at)}, {"member", p.member}, {"arrived", p.arrived}});
  }
  out["attendance"] = std::move(presence);
  json proxies = json::array();
  for (const auto& p : r.proxies) {
    proxies.push_back({{"at", time(p.at)}, {"grantor", p.grantor}, {"holder", p.holder}});
  }
  out["proxies"] = std::move(proxies);
  json quorum = json::array();
  for (const auto& q : r.quorum_changes) {
    quorum.push_back(
        {{"at", time(q.at)}, {"met", q.met}, {"people", q.people}, {"households", q.households}});
  }
  out["quorum"] = std::move(quorum);
  json items = json::array();
  for (const ItemRecord& i : r.agenda) {
    json speeches = json::array();
    for (const auto& s : i.speeches) {
      speeches.push_back({{"at", time(s.at)},
                          {"member", s.member},
                          {"stance", engine::to_string(s.stance)},
                          {"seconds", static_cast<double>(s.spoke) / 1000},
                          {"ended", engine::to_string(s.how)},
                          {"cut_off_reason", s.cut_off_reason}});
    }
    json motions = json::array();
    for (const auto& m : i.motions) motions.push_back(motion(m));
    json points = json::array();
    for (const auto& p : i.points_of_order) points.push_back(point(p));
    items.push_back({{"item", i.id},
                     {"proposal", i.proposal},
                     {"title", i.title},
                     {"question", i.question},
                     {"final_question", i.final_question},
                     {"planned_minutes", i.planned_minutes},
                     {"presenter", i.presenter},
                     {"started_at", time(i.started_at)},
                     {"debate_opened_at", time(i.debate_opened_at)},
                     {"speakers", std::move(speeches)},
                     {"points_of_order", std::move(points)},
                     {"motions", std::move(motions)},
                     {"vote", vote(i.vote)},
                     {"phase", engine::to_string(i.phase)},
                     {"outcome", engine::to_string(i.outcome)},
                     {"deferred_reason", i.deferred_reason},
                     {"closed_at", time(i.closed_at)}});
  }
  out["agenda"] = std::move(items);
  json procedural = json::array();
  for (const auto& m : r.procedural_motions) procedural.push_back(motion(m));
  out["procedural_motions"] = std::move(procedural);
  json corrections = json::array();
  for (const auto& [at, text] : r.minutes_amendments) {
    corrections.push_back({{"at", time(at)}, {"text", text}});
  }
  out["corrections"] = std::move(corrections);
  out["approved"] =
      r.approved ? json{{"at", time(r.approved->first)}, {"by", r.approved->second}} : json();
  return out;
}

std::vector<std::string> timeline(const std::string& meeting, std::span<const Recorded> events,
                                  const Style& style) {
  std::vector<std::string> out;
  MeetingScope scope(meeting);
  for (const Recorded& rec : events) {
    if (!scope.admits(rec.event)) continue;
    auto fields = wire::to_json(rec.event);
    fields.erase("meeting");
    if (style.names) style.names->rename_members(fields);
    const std::string actor = style.names ? (*style.names)(rec.actor) : rec.actor;
    out.push_back(fmt::format("{}  #{:<6} {:<14} {:<26} {}",
                              local_time(rec.time, style.utc_offset_minutes), rec.seq, actor,
                              engine::event_tag(rec.event), wire::dump(fields)));
  }
  return out;
}

}  // namespace yishi::minutes
