// Tallies against published results of real elections (tests/data/voting, with
// its provenance README copied from shared/voting-data).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "engine/tally/methods.hpp"

using namespace yishi::tally;

namespace {

const std::string kVoting = std::string(YISHI_TEST_DATA_DIR) + "/voting/";

std::string read(const std::string& path) {
  std::ifstream in(kVoting + path, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Profile preflib(const std::string& path) {
  auto p = parse_preflib(read(path), path.substr(path.size() - 3));
  REQUIRE_MESSAGE(p, (p ? "" : p.error().message));
  return *p;
}

Profile debian(const std::string& path) {
  auto p = parse_debian_tally(read(path));
  REQUIRE(p);
  return *p;
}

int by_name(const Profile& p, const std::string& name) {
  for (std::size_t i = 0; i < p.names.size(); ++i) {
    if (p.names[i].starts_with(name)) return static_cast<int>(i);
  }
  FAIL("no candidate named ", name);
  return -1;
}

std::vector<std::vector<std::string>> named(const Profile& p,
                                            const std::vector<std::vector<Candidate>>& ranking) {
  std::vector<std::vector<std::string>> out;
  for (const auto& cls : ranking) {
    out.emplace_back();
    for (Candidate c : cls) out.back().push_back(p.names[static_cast<std::size_t>(c)]);
  }
  return out;
}

}  // namespace

TEST_CASE("Debian 2006 tally sheet: Towns, beating McIntyre 190:184, full ranking") {
  const Profile p = debian("debian-tally/leader2006_tally.txt");
  CHECK(p.voters() == 421);
  const auto r = schulze(p);
  const int towns = by_name(p, "Anthony Towns"), mcintyre = by_name(p, "Steve McIntyre");
  CHECK(r.pairwise[towns][mcintyre] == 190);
  CHECK(r.pairwise[mcintyre][towns] == 184);
  // The published order lists van Wolffelaar before Schuldei: they tie 166:166
  // head to head, so Schulze keeps them in one class (listed by option number).
  CHECK(named(p, r.ranking) ==
        std::vector<std::vector<std::string>>{{"Anthony Towns"},
                                              {"Steve McIntyre"},
                                              {"Jeroen van Wolffelaar", "Andreas Schuldei"},
                                              {"Bill Allombert"},
                                              {"None of the Above"},
                                              {"Ari Pollak"},
                                              {"Jonathan aka Ted Walther"}});
  const int vw = by_name(p, "Jeroen"), schuldei = by_name(p, "Andreas");
  CHECK(r.pairwise[vw][schuldei] == 166);
  CHECK(r.pairwise[schuldei][vw] == 166);
}

TEST_CASE("Debian 2007 tally sheet: Hocevar, beating McIntyre 211:203, full ranking") {
  const Profile p = debian("debian-tally/leader2007_tally.txt");
  CHECK(p.voters() == 482);
  const auto r = schulze(p);
  CHECK(r.pairwise[by_name(p, "Sam Hocevar")][by_name(p, "Steve McIntyre")] == 211);
  CHECK(r.pairwise[by_name(p, "Steve McIntyre")][by_name(p, "Sam Hocevar")] == 203);
  CHECK(named(p, r.ranking) == std::vector<std::vector<std::string>>{{"Sam Hocevar"},
                                                                     {"Steve McIntyre"},
                                                                     {"Raphaël Hertzog"},
                                                                     {"Wouter Verhelst"},
                                                                     {"Anthony Towns"},
                                                                     {"Gustavo Franco"},
                                                                     {"None Of The Above"},
                                                                     {"Simon Richter"},
                                                                     {"Aigars Mahinovs"}});
}

TEST_CASE("PrefLib Debian leader elections: the published Schulze winners") {
  const auto winner = [](const Profile& p) {
    const auto r = schulze(p);
    REQUIRE(r.winners.size() == 1);
    return p.names[static_cast<std::size_t>(r.winners.front())];
  };
  const Profile y2002 = preflib("preflib/00002-debian/00002-00000001.soi");
  CHECK(y2002.voters() == 475);
  CHECK(winner(y2002) == "Bdale Garbee");
  CHECK(winner(preflib("preflib/00002-debian/00002-00000003.soi")) == "Branden Robinson");
  const Profile y2006 = preflib("preflib/00002-debian/00002-00000004.soi");
  CHECK(winner(y2006) == "Steve McIntyre");  // PrefLib broke the equal ranks
  const auto r2006 = schulze(y2006);
  CHECK(r2006.pairwise[by_name(y2006, "Steve McIntyre")][by_name(y2006, "Anthony Towns")] == 213);
  CHECK(r2006.pairwise[by_name(y2006, "Anthony Towns")][by_name(y2006, "Steve McIntyre")] == 190);
  CHECK(winner(preflib("preflib/00002-debian/00002-00000005.soi")) == "Sam Hocevar");
}

TEST_CASE("Burlington 2009: instant-runoff elects Kiss; the Condorcet winner is Montroll") {
  const Profile p = preflib("preflib/00005-burlington/00005-00000002.toi");
  CHECK(p.voters() == 8980);
  const int kiss = by_name(p, "Bob Kiss"), wright = by_name(p, "Kurt Wright");
  const int montroll = by_name(p, "Andy Montroll");
  const auto irv = instant_runoff(p);
  REQUIRE(irv.winners == std::vector<Candidate>{kiss});
  const Round& first = irv.rounds.front();
  CHECK(first.tallies.at(wright) == 2951);
  CHECK(first.tallies.at(kiss) == 2585);
  CHECK(first.tallies.at(montroll) == 2063);
  CHECK(first.tallies.at(by_name(p, "Dan Smith")) == 1306);
  CHECK(first.tallies.at(by_name(p, "Write-In")) == 36);
  CHECK(first.tallies.at(by_name(p, "James Simpson")) == 35);
  const Round& last = irv.rounds.back();
  CHECK(last.tallies.size() == 2);
  CHECK(last.tallies.at(kiss) == 4314);
  CHECK(last.tallies.at(wright) == 4064);

  const auto condorcet = schulze(p);
  CHECK(condorcet.winners == std::vector<Candidate>{montroll});
  CHECK(condorcet.pairwise[montroll][kiss] == 4067);
  CHECK(condorcet.pairwise[kiss][montroll] == 3477);
  CHECK(condorcet.pairwise[montroll][wright] == 4597);
  CHECK(condorcet.pairwise[wright][montroll] == 3668);

  CHECK(plurality(p).winners == std::vector<Candidate>{wright});
  auto stv1 = single_transferable_vote(p, 1);
  REQUIRE(stv1);
  CHECK(stv1->winners == std::vector<Candidate>{kiss});  // one seat: STV is IRV
}

TEST_CASE("STV: Droop quota and Gregory transfers, exactly") {
  // 3 seats, 20 voters. Quota = floor(20/4)+1 = 6. A has 12: surplus 6 moves at
  // 1/2 to B (from 8 A>B ballots: 4) and C (from 4 A>C ballots: 2).
  const std::string text =
      "# NUMBER ALTERNATIVES: 4\n# NUMBER VOTERS: 20\n# NUMBER UNIQUE ORDERS: 4\n"
      "8: 1,2,3\n4: 1,3,2\n3: 2,4\n5: 4,3\n";
  auto p = parse_preflib(text, "soi");
  REQUIRE(p);
  auto r = single_transferable_vote(*p, 3);
  REQUIRE(r);
  REQUIRE(r->rounds.size() >= 2);
  CHECK(r->rounds[0].elected == std::vector<Candidate>{0});
  CHECK(r->rounds[1].tallies.at(1) == doctest::Approx(7.0));  // 3 + 8 * 1/2
  CHECK(r->rounds[1].tallies.at(2) == doctest::Approx(2.0));  // 4 * 1/2
  CHECK(r->winners == std::vector<Candidate>{0, 1, 3});
  CHECK_FALSE(single_transferable_vote(*p, 0));
  CHECK_FALSE(single_transferable_vote(*p, 5));
}

TEST_CASE("malformed files are refused with the line and the reason") {
  const std::string header =
      "# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 2\n# NUMBER UNIQUE ORDERS: 1\n";
  auto bad_candidate = parse_preflib(header + "2: 1,4\n", "soi");
  REQUIRE_FALSE(bad_candidate);
  CHECK(bad_candidate.error().line == 4);
  CHECK(bad_candidate.error().message.find("'4'") != std::string::npos);
  CHECK(parse_preflib(header + "2: 1,1\n", "soi").error().message.find("twice") !=
        std::string::npos);
  CHECK(parse_preflib(header + "2: 1,{2,3}\n", "soi").error().message.find("ties") !=
        std::string::npos);
  CHECK(parse_preflib(header + "2: 1,2\n", "soc").error().message.find("all 3") !=
        std::string::npos);
  CHECK(parse_preflib(header + "3: 1,2\n", "soi").error().message.find("NUMBER VOTERS") !=
        std::string::npos);
  CHECK(parse_preflib(header + "1: 1\n1: 2\n", "soi").error().message.find("UNIQUE ORDERS") !=
        std::string::npos);
  CHECK(parse_preflib(header + "x: 1\n", "soi").error().line == 4);
  CHECK(parse_preflib(header + "2: 1,{2,3\n", "toi").error().message == "unclosed '{'");
  CHECK(parse_debian_tally("V: 12-3 abc\nV: 1x-- def\n").error().line == 2);
  CHECK(parse_debian_tally("nothing here\n").error().message == "no 'V:' lines");
}

TEST_CASE("a ranked ballot gives back its tie classes, in order") {
  const std::vector<std::vector<Candidate>> classes = {{2}, {0, 3}, {1}};
  const RankedBallot ballot(classes);
  std::vector<std::vector<Candidate>> back;
  for (const auto cls : ballot.classes()) back.emplace_back(cls.begin(), cls.end());
  CHECK(back == classes);
  CHECK(ballot.first_class().size() == 1);
  CHECK(ballot.first_class().front() == 2);
  const RankedBallot empty;
  CHECK(empty.empty());
  CHECK(empty.classes().begin() == empty.classes().end());
  const RankedBallot one(std::vector<std::vector<Candidate>>{{4, 1}});
  int n = 0;
  for (const auto cls : one.classes()) n += static_cast<int>(cls.size());
  CHECK(n == 2);
}

TEST_CASE("PrefLib: a second NUMBER ALTERNATIVES header is refused (found by fuzz_preflib)") {
  // Orders were checked against 5 alternatives; the second header would have left
  // a 2-candidate profile holding candidate 3, which Schulze wrote past its table.
  const std::string text =
      "# NUMBER ALTERNATIVES: 5\n# NUMBER VOTERS: 3\n# NUMBER UNIQUE ORDERS: 1\n"
      "3: 1,2,3\n# NUMBER ALTERNATIVES: 2\n";
  auto p = parse_preflib(text, "soi");
  REQUIRE_FALSE(p);
  CHECK(p.error().line == 5);
  CHECK(p.error().message == "a second NUMBER ALTERNATIVES header");
  // A header claiming billions of alternatives would allocate a name for each.
  auto huge = parse_preflib(
      "# NUMBER ALTERNATIVES: 2000000000\n# NUMBER VOTERS: 0\n# NUMBER UNIQUE ORDERS: 0\n", "soi");
  REQUIRE_FALSE(huge);
  CHECK(huge.error().message.starts_with("NUMBER ALTERNATIVES is not a number from 1 to"));
}
