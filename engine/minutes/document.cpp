#include "engine/minutes/document.hpp"

namespace yishi::minutes {
namespace {

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Cell text must not break the table: no pipes, no line breaks.
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_markdown(const Document& doc) {
  std::string out;
  Block::Kind previous = Block::Kind::heading;
  bool first = true;
  for (const Block& b : doc.blocks()) {
    // Blank lines between blocks, except between consecutive list items.
    if (!first && !(b.kind == Block::Kind::item && previous == Block::Kind::item)) out += '\n';
    first = false;
    previous = b.kind;
    switch (b.kind) {
      case Block::Kind::heading:
        out += std::string(static_cast<std::size_t>(b.level), '#') + ' ' + b.text + '\n';
        break;
      case Block::Kind::item:
        out += "- " + b.text + '\n';
        break;
      case Block::Kind::paragraph:
        out += b.text + '\n';
        break;
      case Block::Kind::table:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          out += '|';
          for (const auto& cell : b.rows[r]) out += ' ' + markdown_cell(cell) + " |";
          out += '\n';
          if (r == 0) {
            out += '|';
            for (std::size_t c = 0; c < b.rows[r].size(); ++c) out += " --- |";
            out += '\n';
          }
        }
        break;
    }
  }
  return out;
}

std::string to_html(const Document& doc, const std::string& title, const std::string& lang) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + escape_html(lang) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape_html(title) +
                    "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}"
                    "</style>\n</head>\n<body>\n";
  bool in_list = false;
  for (const Block& b : doc.blocks()) {
    if (in_list && b.kind != Block::Kind::item) {
      out += "</ul>\n";
      in_list = false;
    }
    switch (b.kind) {
      case Block::Kind::heading: {
        const std::string h = "h" + std::to_string(b.level);
        out += "<" + h + ">" + escape_html(b.text) + "</" + h + ">\n";
        break;
      }
      case Block::Kind::item:
        if (!in_list) out += "<ul>\n";
        in_list = true;
        out += "<li>" + escape_html(b.text) + "</li>\n";
        break;
      case Block::Kind::paragraph:
        out += "<p>" + escape_html(b.text) + "</p>\n";
        break;
      case Block::Kind::table:
        out += "<table>\n";
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          out += "<tr>";
          const char* cell = r == 0 ? "th" : "td";
          for (const auto& c : b.rows[r]) {
            out += std::string("<") + cell + ">" + escape_html(c) + "</" + cell + ">";
          }
          out += "</tr>\n";
        }
        out += "</table>\n";
        break;
    }
  }
  if (in_list) out += "</ul>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace yishi::minutes
