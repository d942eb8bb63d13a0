// A link as a QR code (libqrencode): for a phone's camera, on a terminal or in an SVG.
#pragma once

#include <optional>
#include <string>

namespace yishi::cli {

// Rows of half blocks, two modules per character cell, with a quiet zone.
std::optional<std::string> qr_terminal(const std::string& text);
// A standalone SVG, one square per dark module.
std::optional<std::string> qr_svg(const std::string& text);

}  // namespace yishi::cli
