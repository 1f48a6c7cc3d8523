#!/usr/bin/env python3
"""Generates a glad-style OpenGL loader from the Khronos registry (gl.xml).

Output mirrors glad 2's C API so code written for glad builds unchanged:

    #include <glad/gl.h>
    int version = gladLoadGL(glfwGetProcAddress);   /* 0 on failure */
    if (!GLAD_GL_VERSION_3_3) ...

Only what the requested version and profile need is emitted: the registry's
<feature> blocks up to --version are walked in order, their <require> lists
added and, for the core profile, their <remove profile="core"> lists dropped.
Extensions named with --extension are added the same way. Nothing here lists
prototypes by hand; everything comes from gl.xml.

Usage: gen_glad.py --registry gl.xml --api gl --version 3.3 --profile core
                   [--extension GL_KHR_debug ...] --out DIR
writes DIR/include/glad/gl.h and DIR/src/gl.c.
"""
import argparse
import os
import re
import xml.etree.ElementTree as ET

# khrplatform.h is not always installed (it comes with the EGL headers); the
# registry's types only need these fixed-width typedefs from it.
KHR_TYPES = """\
#include <stddef.h>
#include <stdint.h>
typedef int32_t khronos_int32_t;
typedef uint32_t khronos_uint32_t;
typedef int64_t khronos_int64_t;
typedef uint64_t khronos_uint64_t;
typedef int8_t khronos_int8_t;
typedef uint8_t khronos_uint8_t;
typedef int16_t khronos_int16_t;
typedef uint16_t khronos_uint16_t;
typedef intptr_t khronos_intptr_t;
typedef uintptr_t khronos_uintptr_t;
typedef ptrdiff_t khronos_ssize_t;
typedef size_t khronos_usize_t;
typedef float khronos_float_t;
typedef uint64_t khronos_utime_nanoseconds_t;
typedef int64_t khronos_stime_nanoseconds_t;
"""


def text_of(elem):
    """All text inside an element, tags stripped, whitespace normalised."""
    return re.sub(r"\s+", " ", "".join(elem.itertext())).strip()


def api_matches(elem, api):
    a = elem.get("api")
    return a is None or a == api


def version_tuple(s):
    return tuple(int(x) for x in s.split("."))


class Registry:
    def __init__(self, path, api):
        self.root = ET.parse(path).getroot()
        self.api = api
        self.types = []  # (name, text, requires) in registry order
        for t in self.root.find("types").findall("type"):
            if not api_matches(t, api):
                continue
            name = t.get("name") or (t.find("name").text if t.find("name") is not None else None)
            self.types.append((name, t, t.get("requires")))
        self.enums = {}
        for group in self.root.findall("enums"):
            for e in group.findall("enum"):
                if not api_matches(e, api):
                    continue
                self.enums[e.get("name")] = (e.get("value"), group.get("type"), e.get("type"))
        self.commands = {}
        for c in self.root.find("commands").findall("command"):
            if not api_matches(c, api):
                continue
            proto = c.find("proto")
            name = proto.find("name").text
            ret = "".join(proto.itertext())
            ret = re.sub(r"\s+", " ", ret[: ret.rfind(name)]).strip()
            params = []
            for p in c.findall("param"):
                if not api_matches(p, api):
                    continue
                params.append(text_of(p))
            self.commands[name] = (ret, params)

    def select(self, version, profile, extensions):
        """Returns ordered lists of the features, extensions, enums, commands to emit."""
        want = version_tuple(version)
        enums, commands = {}, {}
        features = []
        order = [0]

        def add(req, into, name):
            if name not in into:
                into[name] = order[0]
                order[0] += 1

        def apply(block):
            for req in block.findall("require"):
                if req.get("profile") not in (None, profile) or not api_matches(req, self.api):
                    continue
                for e in req.findall("enum"):
                    add(req, enums, e.get("name"))
                for c in req.findall("command"):
                    add(req, commands, c.get("name"))
            for rem in block.findall("remove"):
                if rem.get("profile") not in (None, profile):
                    continue
                for e in rem.findall("enum"):
                    enums.pop(e.get("name"), None)
                for c in rem.findall("command"):
                    commands.pop(c.get("name"), None)

        feature_cmds = {}
        for f in self.root.findall("feature"):
            if f.get("api") != self.api or version_tuple(f.get("number")) > want:
                continue
            before = set(commands)
            apply(f)
            features.append(f.get("name"))
            feature_cmds[f.get("name")] = [c for c in commands if c not in before]
        ext_cmds = {}
        exts = []
        by_name = {e.get("name"): e for e in self.root.find("extensions").findall("extension")}
        for name in extensions:
            e = by_name.get(name)
            if e is None:
                raise SystemExit("gen_glad: no extension %s in the registry" % name)
            before = set(commands)
            apply(e)
            exts.append(name)
            ext_cmds[name] = [c for c in commands if c not in before]
        # Commands a later version removed (core profile) are not loaded at all.
        for d in (feature_cmds, ext_cmds):
            for k in d:
                d[k] = [c for c in d[k] if c in commands]
        enum_list = sorted(enums, key=enums.get)
        cmd_list = sorted(commands, key=commands.get)
        return features, feature_cmds, exts, ext_cmds, enum_list, cmd_list


def pfn_name(cmd):
    return "PFN" + cmd.upper() + "PROC"


def emit_header(reg, features, exts, enum_list, cmd_list):
    out = []
    w = out.append
    w("/* Generated by tools/gen_glad.py from the Khronos registry: do not edit. */")
    w("#ifndef GLAD_GL_H_")
    w("#define GLAD_GL_H_")
    w("#ifdef __gl_h_")
    w("#error OpenGL header already included; include <glad/gl.h> first")
    w("#endif")
    w("#define __gl_h_ 1")
    w("#define __gl3_h_ 1")
    w("#define __glext_h_ 1")
    w("#define GLAD_GL")
    w("#ifdef __cplusplus")
    w('extern "C" {')
    w("#endif")
    w("#ifndef APIENTRY")
    w("#define APIENTRY")
    w("#endif")
    w("#define APIENTRYP APIENTRY *")
    w("#ifndef GLAPI")
    w("#define GLAPI extern")
    w("#endif")
    w(KHR_TYPES)
    for name, t, _ in reg.types:
        if name == "khrplatform":
            continue
        # Keep line breaks: some types are #ifdef blocks.
        txt = "".join(t.itertext()).strip()
        if not txt or txt.startswith("#include"):
            continue
        w(txt)
    w("")
    for e in enum_list:
        value = reg.enums[e][0]
        w("#define %s %s" % (e, value))
    w("")
    for f in features + exts:
        w("#define %s 1" % f)
        w("GLAPI int GLAD_%s;" % f)
    w("")
    for c in cmd_list:
        ret, params = reg.commands[c]
        w("typedef %s (APIENTRYP %s)(%s);" % (ret, pfn_name(c), ", ".join(params) or "void"))
        w("GLAPI %s glad_%s;" % (pfn_name(c), c))
        w("#define %s glad_%s" % (c, c))
    w("")
    w("typedef void (*GLADapiproc)(void);")
    w("typedef GLADapiproc (*GLADloadfunc)(const char *name);")
    w("/* Loads every function; returns major*10000 + minor, or 0 on failure. */")
    w("int gladLoadGL(GLADloadfunc load);")
    w("#define GLAD_VERSION_MAJOR(version) (version / 10000)")
    w("#define GLAD_VERSION_MINOR(version) (version % 10000)")
    w("#ifdef __cplusplus")
    w("}")
    w("#endif")
    w("#endif")
    return "\n".join(out) + "\n"


def emit_source(features, feature_cmds, exts, ext_cmds, cmd_list, reg):
    out = []
    w = out.append
    w("/* Generated by tools/gen_glad.py from the Khronos registry: do not edit. */")
    w("#include <stdio.h>")
    w("#include <string.h>")
    w("#include <glad/gl.h>")
    w("")
    for f in features + exts:
        w("int GLAD_%s = 0;" % f)
    for c in cmd_list:
        w("%s glad_%s = NULL;" % (pfn_name(c), c))
    w("")
    w("static void find_version(int *major, int *minor)")
    w("{")
    w("    const char *v = glad_glGetString ? (const char *)glad_glGetString(GL_VERSION) : NULL;")
    w("    *major = *minor = 0;")
    w("    if (!v)")
    w("        return;")
    w("    /* Skip an \"OpenGL ES\" style prefix if present. */")
    w("    while (*v && (*v < '0' || *v > '9'))")
    w("        v++;")
    w("    if (sscanf(v, \"%d.%d\", major, minor) != 2)")
    w("        *major = *minor = 0;")
    w("}")
    w("")
    if exts:
        w("static int has_extension(const char *name)")
        w("{")
        w("    GLint n = 0;")
        w("    if (!glad_glGetStringi)")
        w("        return 0;")
        w("    glad_glGetIntegerv(GL_NUM_EXTENSIONS, &n);")
        w("    for (GLint i = 0; i < n; i++) {")
        w("        const char *e = (const char *)glad_glGetStringi(GL_EXTENSIONS, (GLuint)i);")
        w("        if (e && strcmp(e, name) == 0)")
        w("            return 1;")
        w("    }")
        w("    return 0;")
        w("}")
        w("")
    w("int gladLoadGL(GLADloadfunc load)")
    w("{")
    w("    int major, minor;")
    w("    if (!load)")
    w("        return 0;")
    w('    glad_glGetString = (PFNGLGETSTRINGPROC)load("glGetString");')
    w("    if (!glad_glGetString)")
    w("        return 0;")
    w("    find_version(&major, &minor);")
    w("    if (major == 0)")
    w("        return 0;")
    for f in features:
        mj, mn = f.split("_")[-2:]
        w("    GLAD_%s = (major > %s || (major == %s && minor >= %s));" % (f, mj, mj, mn))
    for f in features:
        cmds = feature_cmds[f]
        if not cmds:
            continue
        w("    if (GLAD_%s) {" % f)
        for c in cmds:
            w('        glad_%s = (%s)load("%s");' % (c, pfn_name(c), c))
        w("    }")
    for e in exts:
        w('    GLAD_%s = has_extension("%s");' % (e, e))
        if ext_cmds[e]:
            w("    if (GLAD_%s) {" % e)
            for c in ext_cmds[e]:
                w('        glad_%s = (%s)load("%s");' % (c, pfn_name(c), c))
            w("    }")
    w("    return major * 10000 + minor;")
    w("}")
    return "\n".join(out) + "\n"


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path) as fh:
            if fh.read() == text:
                return
    except OSError:
        pass
    with open(path + ".tmp", "w") as fh:
        fh.write(text)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--registry", required=True)
    ap.add_argument("--api", default="gl")
    ap.add_argument("--version", default="3.3")
    ap.add_argument("--profile", default="core", choices=["core", "compatibility"])
    ap.add_argument("--extension", action="append", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    reg = Registry(a.registry, a.api)
    features, feature_cmds, exts, ext_cmds, enum_list, cmd_list = reg.select(
        a.version, a.profile, a.extension)
    write_if_changed(os.path.join(a.out, "include", "glad", "gl.h"),
                     emit_header(reg, features, exts, enum_list, cmd_list))
    write_if_changed(os.path.join(a.out, "src", "gl.c"),
                     emit_source(features, feature_cmds, exts, ext_cmds, cmd_list, reg))


if __name__ == "__main__":
    main()
