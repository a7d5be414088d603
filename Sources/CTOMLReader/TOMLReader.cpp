// Flattens a toml++ parse into relief_toml_node records (see CTOMLReader.h).
#include "CTOMLReader.h"

#include <exception>
#include <string>
#include <string_view>
#include <vector>
#include <toml++/toml.h>

struct relief_toml_document {
    toml::table root;
    std::vector<relief_toml_node> nodes;
    std::string error;
    uint32_t error_line = 0, error_column = 0;
    bool failed = false;
};

namespace {

relief_toml_node record(const toml::node &node) {
    relief_toml_node out{};
    const auto &begin = node.source().begin;
    out.line = begin.line;
    out.column = begin.column;
    switch (node.type()) {
    case toml::node_type::table: out.kind = RELIEF_TOML_TABLE; break;
    case toml::node_type::array: out.kind = RELIEF_TOML_ARRAY; break;
    case toml::node_type::string: {
        out.kind = RELIEF_TOML_STRING;
        const std::string &text = node.as_string()->get();
        out.text = text.data();
        out.text_length = text.size();
        break;
    }
    case toml::node_type::integer: out.kind = RELIEF_TOML_INTEGER; out.integer = node.as_integer()->get(); break;
    case toml::node_type::floating_point: out.kind = RELIEF_TOML_FLOAT; out.number = node.as_floating_point()->get(); break;
    case toml::node_type::boolean: out.kind = RELIEF_TOML_BOOLEAN; out.boolean = node.as_boolean()->get(); break;
    case toml::node_type::date: out.kind = RELIEF_TOML_DATE; break;
    case toml::node_type::time: out.kind = RELIEF_TOML_TIME; break;
    default: out.kind = RELIEF_TOML_DATE_TIME; break;
    }
    return out;
}

// Depth is bounded before parsing (ReliefCore's TOMLParserGuard), so recursion is safe here.
void flatten(const toml::node &node, const toml::key *key, std::vector<relief_toml_node> &nodes) {
    relief_toml_node out = record(node);
    if (key != nullptr) {
        out.key = key->str().data();
        out.key_length = key->str().size();
        out.key_line = key->source().begin.line;
        out.key_column = key->source().begin.column;
    }
    if (const toml::table *table = node.as_table()) {
        out.children = static_cast<uint32_t>(table->size());
        nodes.push_back(out);
        for (const auto &[childKey, child] : *table) flatten(child, &childKey, nodes);
    } else if (const toml::array *array = node.as_array()) {
        out.children = static_cast<uint32_t>(array->size());
        nodes.push_back(out);
        for (const toml::node &child : *array) flatten(child, nullptr, nodes);
    } else {
        nodes.push_back(out);
    }
}

}  // namespace

extern "C" relief_toml_document *relief_toml_parse(const char *text, size_t length) {
    auto *document = new relief_toml_document();
    try {
        document->root = toml::parse(std::string_view(text, length));
        flatten(document->root, nullptr, document->nodes);
        // The root table starts at the top of the file, whatever its first key is.
        document->nodes.front().line = 1;
        document->nodes.front().column = 1;
    } catch (const toml::parse_error &error) {
        document->failed = true;
        document->error = std::string(error.description());
        document->error_line = error.source().begin.line;
        document->error_column = error.source().begin.column;
        document->nodes.clear();
    } catch (const std::exception &error) {
        document->failed = true;
        document->error = error.what();
        document->nodes.clear();
    }
    return document;
}

extern "C" const relief_toml_node *relief_toml_nodes(const relief_toml_document *document, size_t *count) {
    *count = document->failed ? 0 : document->nodes.size();
    return document->failed ? nullptr : document->nodes.data();
}

extern "C" const char *relief_toml_error(const relief_toml_document *document, uint32_t *line, uint32_t *column) {
    if (!document->failed) return nullptr;
    *line = document->error_line;
    *column = document->error_column;
    return document->error.c_str();
}

extern "C" void relief_toml_free(relief_toml_document *document) { delete document; }
