#!/usr/bin/env python3
"""Count operations and schemas and detect notable constructs in OpenAPI 3.x /
Swagger 2.0 descriptions.

Usage:
    python3 count.py FILE...            # human-readable report per file
    python3 count.py --json FILE...     # one JSON object per file (list)

Needs PyYAML (pip install pyyaml); JSON files are read with the json module.

What is counted
---------------
* version     : value of the top-level `openapi` or `swagger` key.
* operations  : for every path item under `paths` (a local `$ref` to a path
                item, e.g. `#/components/pathItems/x`, is followed), the keys
                get/put/post/delete/options/head/patch/trace, plus `query` when
                the document is 3.2.x, plus every entry of `additionalOperations`
                (3.2).  Extension keys (x-...) are never operations.
* webhooks    : number of entries of top-level `webhooks` and, separately, the
                operations they contain (same method rules).
* schemas     : number of entries in `components.schemas` (3.x) or
                `definitions` (2.0).
* constructs  : found by a context-aware walk of the whole document.  Keys of
                name maps (properties, paths, responses, content, components.*,
                definitions, ...) are treated as names, not keywords; the
                subtrees of example/examples/default/enum/const values and of
                x-* extensions are not inspected for keywords (so a property
                called "const" or an example containing "type: [..]" is not
                counted).  Counts are of occurrences in the document text, i.e.
                a schema referenced ten times is counted once.
"""
import collections
import json
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("count.py needs PyYAML: pip install pyyaml")

sys.setrecursionlimit(20000)

BASE_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# keys whose (dict) value is a map from names to objects
NAME_MAPS = {
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    "paths", "webhooks", "responses", "content", "headers", "links", "encoding",
    "variables", "securitySchemes", "securityDefinitions", "schemas",
    "requestBodies", "pathItems", "mediaTypes", "parameters", "additionalOperations",
}
# name maps whose names may legitimately start with "x-" (schema property names)
SCHEMA_NAME_MAPS = {"properties", "patternProperties", "$defs", "definitions",
                    "dependentSchemas", "schemas"}
# keys whose values are data, not description structure
VALUE_KEYS = {"example", "examples", "default", "enum", "const", "scopes", "mapping",
              "required", "x-examples"}

# keywords whose presence is recorded wherever they occur in an object
KEYWORDS = [
    # JSON Schema 2020-12 / OAS 3.1+
    "const", "prefixItems", "patternProperties", "$defs", "if", "then", "else",
    "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
    "dependentSchemas", "contentMediaType", "contentEncoding", "contentSchema",
    "$dynamicRef", "$dynamicAnchor", "$id", "$anchor", "$schema", "$comment",
    "propertyNames", "minContains", "maxContains", "contains",
    # OAS 3.0 / general
    "nullable", "x-nullable", "readOnly", "writeOnly", "deprecated",
    "allOf", "oneOf", "anyOf", "not", "discriminator",
    # OAS 3.2 additions
    "itemSchema", "itemEncoding", "prefixEncoding", "defaultMapping", "nodeType",
    "deviceAuthorization", "oauth2MetadataUrl",
]


def load(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8-sig")
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def version_of(doc):
    for key in ("openapi", "swagger"):
        if key in doc:
            return key, str(doc[key])
    return None, None


class Resolver:
    def __init__(self, doc):
        self.doc = doc

    def get(self, ref):
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        node = self.doc
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                if part in node:
                    node = node[part]
                elif part.isdigit() and int(part) in node:
                    node = node[int(part)]
                else:
                    return None
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def deref(self, node, limit=20):
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < limit:
            target = self.get(node["$ref"])
            if target is None:
                return node
            node, seen = target, seen + 1
        return node


class Walker:
    def __init__(self, doc, version):
        self.doc = doc
        self.version = version
        self.kw = collections.Counter()
        self.type_arrays = 0
        self.type_null = 0
        self.anyof_null = 0          # anyOf/oneOf with a {type: 'null'} branch
        self.nullable_true = 0
        self.ext_refs = collections.Counter()
        self.ref_siblings = collections.Counter()
        self.ref_total = 0
        self.disc_string = 0
        self.disc_object = 0
        self.type_file = 0
        self.collection_formats = collections.Counter()
        self.param_in = collections.Counter()
        self.param_style = collections.Counter()   # "in/style/explode"
        self.param_content = 0
        self.param_allow_reserved = 0
        self.formats = collections.Counter()
        self.excl_bool = 0
        self.excl_num = 0
        self.addl_false = 0
        self.addl_schema = 0
        self.server_vars = 0
        self.server_names = 0
        self.sec_req_empty = 0
        self.sec_req_null_scopes = 0
        self.sec_req_scoped = 0
        self.sec_req_total = 0
        self.encoding = collections.Counter()
        self.refs_in_values = 0        # "$ref" keys inside example/default data

    # ---- generic context-aware walk -------------------------------------
    def walk(self, node, names=None):
        """names: None if node is an object whose keys are keywords; otherwise
        the key of the name map node is (keys are names)."""
        if isinstance(node, list):
            for item in node:
                self.walk(item)
            return
        if not isinstance(node, dict):
            return
        if names is not None:
            for k, v in node.items():
                k = str(k)
                if k.startswith("x-") and names not in SCHEMA_NAME_MAPS:
                    continue
                if names == "encoding" and isinstance(v, dict):
                    for ek in ("style", "explode", "allowReserved", "contentType", "headers"):
                        if ek in v:
                            self.encoding["%s=%s" % (ek, "{..}" if ek == "headers" else fmtval(v[ek]))] += 1
                if names == "callbacks" and isinstance(v, dict) and "$ref" not in v:
                    self.walk(v, names="callback")
                else:
                    self.walk(v)
            return
        self.visit(node)
        for k, v in node.items():
            k = str(k)
            if k.startswith("x-") or k in VALUE_KEYS:
                if k == "examples" and isinstance(v, dict):
                    # map of Example Objects: a top-level $ref there is a real
                    # reference; only the `value` payload is data
                    for ex in v.values():
                        if isinstance(ex, dict):
                            if isinstance(ex.get("$ref"), str) and not ex["$ref"].startswith("#"):
                                self.ext_refs[ex["$ref"]] += 1
                            self.refs_in_values += count_ref_keys(ex.get("value"))
                elif k in ("example", "examples", "default"):
                    self.refs_in_values += count_ref_keys(v)
                continue
            if k == "security" and isinstance(v, list):
                self.security(v)
                continue
            if k == "callbacks" and isinstance(v, dict):
                self.walk(v, names="callbacks")
            elif k in NAME_MAPS and isinstance(v, dict):
                self.walk(v, names=k)
            else:
                self.walk(v)

    def visit(self, d):
        for key in KEYWORDS:
            if key in d:
                self.kw[key] += 1
        t = d.get("type")
        if isinstance(t, list):
            self.type_arrays += 1
            if "null" in t:
                self.type_null += 1
        elif t == "null":
            self.type_null += 1
        elif t == "file":
            self.type_file += 1
        if d.get("nullable") is True:
            self.nullable_true += 1
        for comb in ("anyOf", "oneOf"):
            branches = d.get(comb)
            if isinstance(branches, list) and any(
                    isinstance(b, dict) and (b.get("type") == "null" or b.get("type") == ["null"])
                    for b in branches):
                self.anyof_null += 1
        ref = d.get("$ref")
        if isinstance(ref, str):
            self.ref_total += 1
            if not ref.startswith("#"):
                self.ext_refs[ref] += 1
            siblings = sorted(str(k) for k in d if k != "$ref")
            if siblings:
                self.ref_siblings[",".join(siblings)] += 1
        disc = d.get("discriminator")
        if isinstance(disc, str):
            self.disc_string += 1
        elif isinstance(disc, dict):
            self.disc_object += 1
        cf = d.get("collectionFormat")
        if isinstance(cf, str):
            self.collection_formats[cf] += 1
        fmt = d.get("format")
        if isinstance(fmt, str):
            self.formats[fmt] += 1
        for ex in ("exclusiveMinimum", "exclusiveMaximum"):
            if ex in d:
                if isinstance(d[ex], bool):
                    self.excl_bool += 1
                else:
                    self.excl_num += 1
        ap = d.get("additionalProperties")
        if ap is False:
            self.addl_false += 1
        elif isinstance(ap, dict) or ap is True:
            self.addl_schema += 1
        servers = d.get("servers")
        if isinstance(servers, list):
            for srv in servers:
                if isinstance(srv, dict):
                    if isinstance(srv.get("variables"), dict) and srv["variables"]:
                        self.server_vars += 1
                    if "name" in srv:
                        self.server_names += 1
        # parameter objects (not apiKey security schemes)
        where = d.get("in")
        if isinstance(where, str) and "name" in d and d.get("type") != "apiKey":
            self.param_in[where] += 1
            if "content" in d:
                self.param_content += 1
            if d.get("allowReserved") is True:
                self.param_allow_reserved += 1
            if "style" in d or "explode" in d:
                self.param_style["%s/style=%s/explode=%s" % (
                    where, d.get("style", "-"), fmtval(d.get("explode", "-")))] += 1

    def security(self, reqs):
        for req in reqs:
            if not isinstance(req, dict):
                continue
            self.sec_req_total += 1
            if not req:
                self.sec_req_empty += 1
            for scopes in req.values():
                if scopes is None:
                    self.sec_req_null_scopes += 1
                elif isinstance(scopes, list) and scopes:
                    self.sec_req_scoped += 1


def count_ref_keys(node):
    n = 0
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if "$ref" in cur:
                n += 1
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return n


def fmtval(v):
    return json.dumps(v) if isinstance(v, bool) else str(v)


def methods_for(version):
    if version and version.startswith("3.2"):
        return BASE_METHODS + ("query",)
    return BASE_METHODS


def count_ops(path_item, res, methods, notes):
    """Return (Counter of method -> n, list of operation objects)."""
    c = collections.Counter()
    ops = []
    if not isinstance(path_item, dict):
        return c, ops
    if "$ref" in path_item:
        ref = path_item["$ref"]
        target = res.get(ref)
        if target is None:
            notes.append("path item $ref not resolvable locally: %s" % ref)
        else:
            notes.append("path item via $ref %s" % ref)
            c2, ops2 = count_ops(target, res, methods, notes)
            c.update(c2)
            ops.extend(ops2)
    for m in methods:
        if isinstance(path_item.get(m), dict):
            c[m] += 1
            ops.append(path_item[m])
    extra = path_item.get("additionalOperations")
    if isinstance(extra, dict):
        for m, op in extra.items():
            if isinstance(op, dict):
                c["additionalOperations:" + str(m)] += 1
                ops.append(op)
    return c, ops


def has_binary(schema, res, depth=0, seen=None):
    seen = seen if seen is not None else set()
    if depth > 6 or not isinstance(schema, dict):
        return False
    if isinstance(schema.get("$ref"), str):
        if schema["$ref"] in seen:
            return False
        seen.add(schema["$ref"])
        return has_binary(res.get(schema["$ref"]), res, depth + 1, seen)
    if schema.get("format") == "binary" or schema.get("type") == "file":
        return True
    if schema.get("contentEncoding") == "binary":
        return True
    cmt = schema.get("contentMediaType")
    if isinstance(cmt, str) and "contentEncoding" not in schema and not cmt.startswith(
            ("text/", "application/json")):
        return True
    for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
        for sub in schema.get(key) or []:
            if has_binary(sub, res, depth + 1, seen):
                return True
    props = schema.get("properties")
    if isinstance(props, dict):
        for sub in props.values():
            if has_binary(sub, res, depth + 1, seen):
                return True
    if has_binary(schema.get("items"), res, depth + 1, seen):
        return True
    return False


def analyze(path):
    doc = load(path)
    kind, version = version_of(doc)
    res = Resolver(doc)
    notes = []
    methods = methods_for(version)

    by_method = collections.Counter()
    ops = []
    path_servers = 0
    paths = doc.get("paths") or {}
    for p, item in paths.items():
        if str(p).startswith("x-"):
            continue
        c, o = count_ops(item, res, methods, notes)
        by_method.update(c)
        ops.extend(o)
        if isinstance(item, dict) and item.get("servers"):
            path_servers += 1
    op_total = sum(by_method.values())

    webhooks = doc.get("webhooks") if isinstance(doc.get("webhooks"), dict) else {}
    wh_methods = collections.Counter()
    wh_ops = []
    for name, item in webhooks.items():
        c, o = count_ops(item, res, methods, notes)
        wh_methods.update(c)
        wh_ops.extend(o)

    comps = doc.get("components") if isinstance(doc.get("components"), dict) else {}
    if kind == "swagger":
        schemas = len(doc.get("definitions") or {})
    else:
        schemas = len(comps.get("schemas") or {})

    # operation-level facts
    op_servers = 0
    op_security_empty_list = 0
    callbacks = 0
    callback_ops = 0
    multipart_with_binary = 0
    multipart_without_binary = 0
    form_with_encoding = 0
    form_without_encoding = 0
    multipart_with_encoding = 0
    formdata_ops = 0
    formdata_file_ops = 0
    request_media = collections.Counter()
    op_ids = collections.Counter(op.get("operationId") for op in ops + wh_ops)
    no_op_id = op_ids.pop(None, 0)
    dup_op_ids = sum(1 for v in op_ids.values() if v > 1)
    resp_codes = collections.Counter()
    for op in ops + wh_ops:
        for code in (op.get("responses") or {}):
            code = str(code)
            if code == "default":
                resp_codes["default"] += 1
            elif code.upper().endswith("XX"):
                resp_codes["range " + code.upper()] += 1
            elif code.startswith("x-"):
                continue
            elif not code.isdigit():
                resp_codes["odd key " + code] += 1
    consumes = collections.Counter()
    for op in ops + wh_ops:
        if kind == "swagger":
            for ct in op.get("consumes") or doc.get("consumes") or []:
                consumes[ct] += 1
        if op.get("servers"):
            op_servers += 1
        if op.get("security") == []:
            op_security_empty_list += 1
        cbs = op.get("callbacks")
        if isinstance(cbs, dict):
            for cb in cbs.values():
                callbacks += 1
                cb = res.deref(cb)
                if isinstance(cb, dict):
                    for expr, pi in cb.items():
                        c, _ = count_ops(res.deref(pi), res, methods, [])
                        callback_ops += sum(c.values())
        params = [res.deref(p) for p in op.get("parameters") or []]
        form = [p for p in params if isinstance(p, dict) and p.get("in") == "formData"]
        if form:
            formdata_ops += 1
            if any(p.get("type") == "file" for p in form):
                formdata_file_ops += 1
        rb = res.deref(op.get("requestBody"))
        if not isinstance(rb, dict):
            continue
        for mt, media in (rb.get("content") or {}).items():
            mt = str(mt)
            request_media[mt.split(";")[0].strip()] += 1
            media = res.deref(media)
            if not isinstance(media, dict):
                continue
            enc = media.get("encoding")
            if mt.startswith("multipart/"):
                schema = media.get("schema")
                binary = has_binary(schema, res) or has_binary(media.get("itemSchema"), res)
                if binary:
                    multipart_with_binary += 1
                else:
                    multipart_without_binary += 1
                if enc or media.get("prefixEncoding") or media.get("itemEncoding"):
                    multipart_with_encoding += 1
            elif mt.startswith("application/x-www-form-urlencoded"):
                if enc:
                    form_with_encoding += 1
                else:
                    form_without_encoding += 1

    w = Walker(doc, version)
    w.walk(doc)

    tags = doc.get("tags") if isinstance(doc.get("tags"), list) else []
    top = {
        "webhooks": len(webhooks),
        "x-webhooks": len(doc.get("x-webhooks") or {}) if isinstance(doc.get("x-webhooks"), dict) else 0,
        "jsonSchemaDialect": doc.get("jsonSchemaDialect"),
        "$self": doc.get("$self"),
        "components.pathItems": len(comps.get("pathItems") or {}),
        "components.mediaTypes": len(comps.get("mediaTypes") or {}),
        "tags with kind": sum(1 for t in tags if isinstance(t, dict) and "kind" in t),
        "tags with parent": sum(1 for t in tags if isinstance(t, dict) and "parent" in t),
        "servers (top)": len(doc.get("servers") or []),
    }

    return {
        "file": path,
        "version_key": kind,
        "version": version,
        "operations": op_total,
        "operations_by_method": dict(sorted(by_method.items())),
        "webhooks": len(webhooks),
        "webhook_operations": sum(wh_methods.values()),
        "schemas": schemas,
        "paths": sum(1 for p in paths if not str(p).startswith("x-")),
        "top_level": top,
        "keywords": dict(sorted(w.kw.items())),
        "type_arrays": w.type_arrays,
        "type_null": w.type_null,
        "anyOf_oneOf_with_null_branch": w.anyof_null,
        "nullable_true": w.nullable_true,
        "exclusiveMin/Max boolean": w.excl_bool,
        "exclusiveMin/Max numeric": w.excl_num,
        "additionalProperties false": w.addl_false,
        "additionalProperties schema/true": w.addl_schema,
        "$ref total": w.ref_total,
        "$ref with siblings": dict(w.ref_siblings.most_common(8)),
        "$ref with siblings (count)": sum(w.ref_siblings.values()),
        "external $ref": dict(w.ext_refs.most_common(10)),
        "external $ref (count)": sum(w.ext_refs.values()),
        "$ref keys inside example/default values (data, not references)": w.refs_in_values,
        "discriminator string (2.0)": w.disc_string,
        "discriminator object": w.disc_object,
        "type: file": w.type_file,
        "collectionFormat": dict(w.collection_formats),
        "parameter in": dict(w.param_in),
        "parameter style/explode": dict(w.param_style.most_common(12)),
        "parameters with content": w.param_content,
        "parameters allowReserved": w.param_allow_reserved,
        "formats": dict(w.formats.most_common(12)),
        "server objects with variables": w.server_vars,
        "server objects with name (3.2)": w.server_names,
        "path-level servers": path_servers,
        "operation-level servers": op_servers,
        "security requirements": w.sec_req_total,
        "security requirement {} (optional auth)": w.sec_req_empty,
        "security requirement null scopes": w.sec_req_null_scopes,
        "security requirement with scopes": w.sec_req_scoped,
        "operations with security: []": op_security_empty_list,
        "operations without operationId": no_op_id,
        "duplicated operationIds": dup_op_ids,
        "responses: default / ranges / odd keys": dict(resp_codes),
        "callbacks": callbacks,
        "callback operations": callback_ops,
        "request media types": dict(request_media.most_common(10)),
        "multipart bodies with binary part": multipart_with_binary,
        "multipart bodies without binary part": multipart_without_binary,
        "multipart bodies with encoding": multipart_with_encoding,
        "form-urlencoded bodies with encoding": form_with_encoding,
        "form-urlencoded bodies without encoding": form_without_encoding,
        "encoding object properties (all Encoding Objects)": dict(w.encoding.most_common(10)),
        "2.0 consumes (per operation, incl. inherited)": dict(consumes.most_common(6)),
        "2.0 operations with formData params": formdata_ops,
        "2.0 operations with type: file params": formdata_file_ops,
        "notes": sorted(set(notes))[:10],
    }


def report(r):
    out = ["== %s" % r["file"],
           "  %s: %s   operations: %d %s   webhooks: %d (ops %d)   schemas: %d   paths: %d" % (
               r["version_key"], r["version"], r["operations"], r["operations_by_method"],
               r["webhooks"], r["webhook_operations"], r["schemas"], r["paths"])]
    skip = {"file", "version_key", "version", "operations", "operations_by_method",
            "webhooks", "webhook_operations", "schemas", "paths"}
    for k, v in r.items():
        if k in skip or v in (0, {}, [], None):
            continue
        if isinstance(v, dict):
            v = {a: b for a, b in v.items() if b not in (0, None, {}, [])}
            if not v:
                continue
        out.append("  %s: %s" % (k, v))
    return "\n".join(out)


def main(argv):
    as_json = "--json" in argv
    files = [a for a in argv if a != "--json"]
    if not files:
        sys.exit(__doc__)
    results = [analyze(f) for f in files]
    if as_json:
        json.dump(results, sys.stdout, indent=1, default=str)
        print()
    else:
        for r in results:
            print(report(r))


if __name__ == "__main__":
    main(sys.argv[1:])
