#include "engine/core/poll_priority.hpp"

#include <algorithm>
#include <tuple>

#include "engine/core/decide_task.hpp"

namespace yishi::engine {

PollStanding standing_of(const Ballot& b, const BallotTotals& totals, std::uint32_t option) {
  PollStanding s;
  s.ballot = b.id;
  s.option = option;
  s.options = static_cast<std::uint32_t>(b.spec.options.size());
  const int o = static_cast<int>(option);
  for (std::size_t cls = 0; cls < totals.ranking.size(); ++cls) {
    if (std::ranges::find(totals.ranking[cls], o) != totals.ranking[cls].end()) {
      s.rank = static_cast<std::uint32_t>(cls + 1);
      break;
    }
  }
  s.won = std::ranges::find(totals.winners, o) != totals.winners.end();
  if (option < totals.option_totals.size()) s.support = totals.option_totals[option];
  return s;
}

std::vector<Event> prioritised_events(const Ballot& b, const BallotTotals& totals) {
  std::vector<Event> out;
  for (std::size_t o = 0; o < b.option_proposals.size(); ++o) {
    if (b.option_proposals[o].empty()) continue;
    out.emplace_back(event::ProposalPrioritised{
        b.option_proposals[o], standing_of(b, totals, static_cast<std::uint32_t>(o))});
  }
  return out;
}

std::vector<Event> funded_events(const State& s, const Ballot& b, const BallotTotals& totals,
                                 Timestamp now) {
  std::vector<Event> out;
  if (b.spec.kind != QuestionKind::budget || !b.meeting.empty()) return out;
  for (std::size_t o = 0; o < b.option_proposals.size(); ++o) {
    const ProposalId& id = b.option_proposals[o];
    const Proposal* p = id.empty() ? nullptr : s.proposal(id);
    const bool funded =
        std::ranges::find(totals.winners, static_cast<int>(o)) != totals.winners.end();
    // Only a proposal still waiting for a decision: one a meeting has taken up
    // (scheduled, decided) or that left the process is decided there, not here.
    if (!funded || !p || !p->is<phase::Accepted>()) continue;
    const std::int64_t cost = o < b.spec.costs.size() ? b.spec.costs[o] : 0;
    out.emplace_back(event::ProposalFunded{id, b.id, static_cast<std::uint32_t>(o), cost});
    if (auto task = task_for_adoption(s, id, b.id, now)) out.push_back(*task);
  }
  return out;
}

std::vector<const Proposal*> agenda_backlog(const State& s) {
  std::vector<const Proposal*> out;
  for (const auto& [id, p] : s.proposals) {
    if (p.is<phase::Accepted>()) out.push_back(&p);
  }
  // Ranked before unranked (rank 0 means the poll left it out), winners first;
  // equal keys keep the map's order, by id.
  const auto key = [](const Proposal* p) {
    const bool ranked = p->standing && p->standing->rank > 0;
    return std::tuple(!ranked, !(p->standing && p->standing->won), ranked ? p->standing->rank : 0u,
                      p->drafted_at);
  };
  std::ranges::stable_sort(out,
                           [&](const Proposal* a, const Proposal* b) { return key(a) < key(b); });
  return out;
}

}  // namespace yishi::engine
