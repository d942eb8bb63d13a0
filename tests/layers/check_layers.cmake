# The engine's layers, checked. Every source file in engine/, clients/ and server/
# may #include "engine/..." headers of its own layer and of layers ranked below
# it; layers of equal rank are siblings and include neither each other nor
# anything above. This table is the one place the order is written down (see
# engine/CMakeLists.txt); ctest runs the check as the test "layering":
#   cmake -DROOT=<source dir> -P tests/layers/check_layers.cmake
# It names every offending file, line and include, and fails.

# rank, layer, then path prefixes; the longest prefix that matches a path names its layer.
set(kLayers
  "0 tally   engine/tally/"              # election data and tallies (Boost.Multiprecision)
  "0 crypto  engine/audit/hash. engine/audit/sha256_block."  # yishi_crypto: SHA-256, hex
  "1 core    engine/core/"               # the pure domain: commands, events, decide/evolve
  "2 codec   engine/codec/"              # binary encoding of events and snapshots
  "2 audit   engine/audit/"              # hash chain, Merkle tree, signed checkpoints
  "3 wire    engine/wire/"               # JSON; event records carry audit envelopes
  "4 minutes engine/minutes/"            # minutes rendered from events through wire
  "4 store   engine/store/"              # the SQLite event store
  "5 service engine/service/"            # the command pipeline the CLI and server share
  "6 clients clients/"                   # the yishi CLI
  "6 server  server/"                    # the WebSocket server, beside the clients
)

# Private headers: a header, then the path prefix a file must have to include it.
set(kPrivate
  "engine/core/meeting_decider.hpp engine/core/decide_meeting"
)

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_layers.cmake")
endif()

# Sets <rank_var> and <name_var> to the layer of `path`, or to "" if it has none.
function(layer_of path rank_var name_var)
  set(best_len 0)
  set(rank "")
  set(name "")
  foreach(entry IN LISTS kLayers)
    string(REGEX REPLACE " +" ";" fields "${entry}")
    list(POP_FRONT fields entry_rank entry_name)
    foreach(prefix IN LISTS fields)
      string(LENGTH "${prefix}" len)
      string(FIND "${path}" "${prefix}" at)
      if(at EQUAL 0 AND len GREATER best_len)
        set(best_len ${len})
        set(rank ${entry_rank})
        set(name ${entry_name})
      endif()
    endforeach()
  endforeach()
  set(${rank_var} "${rank}" PARENT_SCOPE)
  set(${name_var} "${name}" PARENT_SCOPE)
endfunction()

# Sets <var> to "file:line" for the first line of `file` that holds `text`.
function(where file text var)
  file(READ "${ROOT}/${file}" content)
  string(FIND "${content}" "${text}" at)
  string(SUBSTRING "${content}" 0 ${at} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines line)
  math(EXPR line "${line} + 1")
  set(${var} "${file}:${line}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/engine/*" "${ROOT}/clients/*"
     "${ROOT}/server/*")
list(FILTER files INCLUDE REGEX "\\.(h|hpp|c|cc|cpp|inc|ipp)$")

set(problems "")
set(checked 0)
foreach(file IN LISTS files)
  layer_of("${file}" own_rank own)
  if(own STREQUAL "")
    list(APPEND problems "${file}: in no layer (add its folder to the table above)")
    continue()
  endif()
  file(STRINGS "${ROOT}/${file}" includes
       REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]engine/[^\">]+[\">]")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "engine/[^\">]+" target "${line}")
    math(EXPR checked "${checked} + 1")
    layer_of("${target}" rank layer)
    set(bad "")
    if(layer STREQUAL "")
      set(bad "includes \"${target}\", which is in no layer")
    elseif(NOT layer STREQUAL own AND NOT rank LESS own_rank)
      set(bad "includes \"${target}\" (layer ${layer}, rank ${rank}), not below its own layer ${own} (rank ${own_rank})")
    endif()
    foreach(entry IN LISTS kPrivate)
      string(REGEX REPLACE " +" ";" fields "${entry}")
      list(GET fields 0 header)
      list(GET fields 1 allowed)
      string(FIND "${file}" "${allowed}" at)
      if(target STREQUAL header AND NOT at EQUAL 0)
        set(bad "includes \"${target}\", private to ${allowed}*")
      endif()
    endforeach()
    if(NOT bad STREQUAL "")
      where("${file}" "${target}" place)
      list(APPEND problems "${place}: ${bad}")
    endif()
  endforeach()
endforeach()

list(LENGTH files file_count)
if(problems)
  list(LENGTH problems n)
  # Indented lines are printed as they are, one problem a line.
  list(JOIN problems "\n  " report)
  message(FATAL_ERROR "layering: ${n} problem(s) in ${file_count} files:\n  ${report}\n"
                      "Each layer includes only the layers below it: tests/layers/check_layers.cmake")
endif()
message(STATUS "layering ok: ${checked} engine includes in ${file_count} files")
