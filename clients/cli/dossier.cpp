// `yishi dossier DB PROPOSAL [--out FILE]`: one decision's dossier, checkable
// offline by anyone (clients/verify/FORMAT.md). Signs its manifest when the
// community's secret key is found; otherwise says completeness is unchecked.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "engine/service/dossier.hpp"
#include "engine/service/key_files.hpp"
#include "engine/wire/event_json.hpp"
#include "output_path.hpp"

namespace yishi::cli {

int run_dossier(const DossierCliOptions& o) {
  if (auto refused = o.out.empty() ? std::nullopt : refuse_output(o.out, o.db)) {
    fmt::print(stderr, "yishi dossier: {}\n", *refused);
    return kExitBadInput;
  }
  auto store = store::EventStore::inspect(o.db);
  if (!store) {
    fmt::print(stderr, "yishi dossier: {}\n", store.error().message);
    return kExitStorage;
  }
  service::DossierKeys keys;
  auto secret = service::find_secret_key(**store, o.db, {.secret_key_file = o.key});
  if (secret) {
    keys.secret_key = secret->key;
    keys.public_key = service::public_key_of(secret->key);
  } else {
    if (!o.key.empty()) {
      fmt::print(stderr, "yishi dossier: {}\n", secret.error());
      return kExitBadInput;
    }
    fmt::print(stderr,
               "yishi dossier: no secret key found ({}); the manifest is unsigned, so a verifier "
               "cannot check that no event was left out\n",
               secret.error());
    const std::string pub = service::find_public_key_file(**store, o.db);
    if (auto key = pub.empty() ? std::unexpected(std::string()) : service::read_public_key(pub)) {
      keys.public_key = *key;
    }
  }
  const auto now = wall_clock_now();
  auto dossier = service::decision_dossier(**store, o.proposal, keys, now);
  if (!dossier) {
    fmt::print(stderr, "yishi dossier: {}\n", dossier.error().message);
    return dossier.error().code == "storage" ? kExitStorage : kExitBadInput;
  }
  const std::string text = wire::dump(*dossier, 1) + "\n";
  if (o.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream out(o.out, std::ios::binary);
    out << text;
    if (!out.flush()) {
      fmt::print(stderr, "yishi dossier: cannot write {}\n", o.out);
      return kExitStorage;
    }
    fmt::print("{}\n", wire::dump({{"dossier", o.out},
                                   {"proposal", o.proposal},
                                   {"events", (*dossier)["events"].size()},
                                   {"tree_size", (*dossier)["checkpoint"]["tree_size"]},
                                   {"manifest_signed", keys.secret_key.has_value()}}));
  }
  return kExitOk;
}

}  // namespace yishi::cli
