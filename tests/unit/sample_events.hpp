// One event of every type, with non-trivial values, for codec and JSON tests.
#pragma once

#include <vector>

#include "engine/core/events.hpp"

namespace yishi::test {

inline engine::SealedChoice sealed_choice() {
  engine::SealedChoice c;
  c.choice.ranking = {{2}, {0, 1}};
  c.people = 1;
  c.area_centi_m2 = 6850;
  return c;
}

inline engine::event::BallotOpened ballot_opened() {
  using namespace engine;
  event::BallotOpened e;
  e.ballot = "b1";
  e.question = "哪个方案？";
  e.spec.kind = QuestionKind::ranked;
  e.spec.method = TallyMethod::schulze;
  e.spec.options = {"A", "B", "C"};
  e.spec.seed_commitment = std::string(64, 'f');
  e.weighting = Weighting::household;
  e.closes_at = 1'775'000'000'000;
  e.eligible = {{"m01", "h1"}, {"m02", "h2"}};
  e.electorate_weight = 2;
  e.electorate_owners = 2;
  return e;
}

inline engine::event::BallotTallied ballot_tallied() {
  engine::event::BallotTallied e;
  e.ballot = "b1";
  e.counted = {{std::string(64, 'b'), sealed_choice()}};
  e.totals.winners = {2};
  e.totals.ranking = {{2}, {0, 1}};
  e.totals.lot_drawn = true;
  e.passed = true;
  e.explanation = "ranked by schulze";
  e.seed = "lot";
  return e;
}

inline std::vector<engine::Event> one_of_each_event() {
  using namespace engine;
  Rulebook rules;
  rules.support_threshold = 7;
  rules.support_window = 3 * kDay;
  rules.responsibilities = {{"设施维修", "wuye", "楼道与公共设施的维修"}};
  rules.standards = {{"services", "on_time_share", "tasks_on_time / tasks_completed",
                      TargetComparison::at_least, 800}};
  RulebookChange change{3,
                        std::nullopt,
                        std::nullopt,
                        std::nullopt,
                        3,
                        90 * kSecond,
                        std::nullopt,
                        2,
                        std::nullopt,
                        std::nullopt,
                        Fraction{3, 4, false},
                        false,
                        TieBreak::status_quo};
  change.responsibilities = rules.responsibilities;
  change.standards = std::vector<IndicatorStandard>{};
  return {
      event::CommunityFounded{"nantang", "ad", rules},
      event::HouseholdRegistered{"h-3-201", 6850},
      event::MemberRegistered{"m01", "h-3-201", RoleSet{Role::resident, Role::chair}},
      event::RoleGranted{"m01", Role::secretary},
      event::RoleRevoked{"m01", Role::chair},
      event::ProposalDrafted{"light", "m01", ProposalKind::rule_change, "楼道灯维修", "3号楼一单元",
                             1'772'326'800'123, 48'000, "设施维修"},
      event::ProposalRevised{"light", "楼道灯维修（修订）", "含预算"},
      event::ProposalSubmitted{"light", 1'773'536'400'000, 5},
      event::ProposalSupported{"light", "m02"},
      event::ProposalSentToScreening{"light"},
      event::ProposalExpired{"shed"},
      event::ProposalAccepted{"light", "自治事项"},
      event::ProposalReturned{"lunch", "请补充预算"},
      event::ProposalReferred{"road", "街道城管科", "行政事项"},
      event::ProposalMerged{"light2", "light", "同一楼道", {"m03", "m04"}},
      event::ProposalScheduled{"light", "council-2026-03"},
      event::ProposalWithdrawn{"shed", ""},
      event::MeetingScheduled{"council-04", MeetingKind::council, "四月议事会", 1'775'000'000'000,
                              "cv", "ch", "暴雨后紧急", rules},
      event::ItemAdded{"council-04", "i1", "light", "楼道灯", "是否维修", 20, 0},
      event::ItemMoved{"council-04", "i1", 1},
      event::MeetingOpened{"council-04", 40, 38, 320000},
      event::CheckedIn{"council-04", "m01"},
      event::CheckedOut{"council-04", "m01"},
      event::ProxyRegistered{"council-04", "m02", "m03"},
      event::QuorumLost{"council-04", 19, 18, 150000},
      event::QuorumReached{"council-04", 21, 20, 170000},
      event::CalledToOrder{"council-04"},
      event::ChairHandedOver{"council-04", "m05"},
      event::ItemStarted{"council-04", "i1", "m01", 1'775'000'300'000, 120'000},
      event::DebateOpened{"council-04", "i1"},
      event::FloorRequested{"council-04", "m04", Stance::con},
      event::FloorRequestWithdrawn{"council-04", "m04"},
      event::FloorRecognized{"council-04", "m04", Stance::con, 1'775'000'400'000,
                             1'775'000'520'000},
      event::TurnEnded{"council-04", "m04", TurnEnd::cut_off, 95'000, "离题"},
      event::OrderRaised{"council-04", "m06", "发言超时", 25'000},
      event::OrderRuled{"council-04", true, "成立", 1'775'000'600'000},
      event::RulingReversed{"council-04"},
      event::MotionMoved{"council-04", 3, MotionKind::limit_debate, "m07", "", 60'000},
      event::MotionSeconded{"council-04", 3, "m08"},
      event::VoteCalled{"council-04", 3},
      event::VoteCounted{"council-04", 3, 20, 5, 2, true},
      event::TextAmended{"council-04", 2, "改为声控灯"},
      event::ItemDeferred{"council-04", "i1", "待物业报价"},
      event::ItemRemoved{"council-04", "i2", "提案人撤回"},
      event::MotionLapsed{"council-04", 4},
      event::BallotClosedEarly{"poll-1", 1'775'000'000'000, "全体已投票前因台风提前结束"},
      event::ProposalConsulted{"light", "consult-04", "i1"},
      event::DebateLimited{"council-04", "i1", 60'000},
      event::DebateClosed{"council-04", "i1"},
      event::ItemDecided{"council-04", "i1", ItemOutcome::adopted},
      event::Recessed{"council-04"},
      event::Resumed{"council-04"},
      event::Adjourned{"council-04"},
      event::MinutesAmended{"council-04", "更正：第二位发言人为 m05"},
      event::MinutesApproved{"council-04", "ch"},
      ballot_opened(),
      event::BallotParticipated{"b1", "m02", "m03"},
      event::BallotSealed{"b1", std::string(64, 'a'), sealed_choice(), std::string(64, 'f')},
      event::BallotUnsealed{"b1", std::string(64, 'a')},
      event::BallotReplaced{"b1"},
      ballot_tallied(),
      event::RulebookProposed{"rules-2026", change},
      event::RulebookInstalled{"rules-2026", rules},
      event::BallotOptionsLinked{"needs-2026", {"", "bicycle-shed", ""}},
      event::ProposalSeeded{"night-gym", PollStanding{"needs-2026", 2, 1, 3, true, 41}},
      event::ProposalPrioritised{"bicycle-shed",
                                 PollStanding{"needs-2026", 1, 2, 3, false, std::nullopt}},
      event::ProposalFunded{"bicycle-shed", "needs-2026", 1, 80'000},
      event::TaskOpened{"bicycle-shed", "", "bicycle-shed", "council-04", "非机动车棚", 1,
                        1'775'900'000'000},
      event::TaskAssigned{"bicycle-shed", "wuye", Funding::facility_outsourcing, 80'000},
      event::MilestoneAdded{"bicycle-shed", "design", "选址与设计", "设计图纸经居民代表确认",
                            1'778'000'000'000},
      event::TaskStarted{"bicycle-shed", 1'776'000'000'000},
      event::ProgressReported{"bicycle-shed",
                              1'777'000'000'000,
                              30u,
                              6'000,
                              "设计完成",
                              "design",
                              {std::string(64, 'e')}},
      event::TaskCompleted{"bicycle-shed", 1'779'000'000'000},
      event::TaskEvaluated{"bicycle-shed", Evaluation{"shed-survey", 10, 1, 5, 4'100}},
      event::TaskCancelled{"lunch-kitchen", "new-kitchen", "改由新的决定实施"},
      event::MemberErased{"m05"},
      event::NoticePublished{"n1", NoticeKind::urgent, "台风预警", "请收好阳台物品", "",
                             1'776'000'000'000},
      event::NoticeAcknowledged{"n1", "m02"},
      event::ReportFiled{"r1", "m02", "楼道灯坏了", "三楼不亮", 1'776'000'000'000},
      event::ReportTriaged{"r1", Triage::proposal, "light", "已有提案"},
      event::ReplyRequested{"road", "街道城管科", 1'777'000'000'000},
      event::ReferralReplied{"road", "已列入计划", 1'776'500'000'000},
  };
}

}  // namespace yishi::test
