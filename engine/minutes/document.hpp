// A small document model (headings, list items, paragraphs, tables) so the same
// minutes render to Markdown and to HTML without two copies of the wording.
#pragma once

#include <string>
#include <vector>

namespace yishi::minutes {

struct Block {
  enum class Kind { heading, item, paragraph, table };
  Kind kind = Kind::paragraph;
  int level = 1;  // headings
  std::string text;
  std::vector<std::vector<std::string>> rows;  // tables: the first row is the header
};

class Document {
 public:
  void heading(int level, std::string text) {
    blocks_.push_back({Block::Kind::heading, level, std::move(text), {}});
  }
  void item(std::string text) { blocks_.push_back({Block::Kind::item, 0, std::move(text), {}}); }
  void paragraph(std::string text) {
    blocks_.push_back({Block::Kind::paragraph, 0, std::move(text), {}});
  }
  void table(std::vector<std::vector<std::string>> rows) {
    blocks_.push_back({Block::Kind::table, 0, {}, std::move(rows)});
  }
  const std::vector<Block>& blocks() const { return blocks_; }

 private:
  std::vector<Block> blocks_;
};

std::string to_markdown(const Document& doc);
std::string to_html(const Document& doc, const std::string& title, const std::string& lang);

}  // namespace yishi::minutes
