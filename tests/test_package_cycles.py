"""tools/package_cycles.py: dependency cycles between Java packages, on small source trees written here."""
import pathlib

import package_cycles


def tree(tmp_path, files):
    for path, code in files.items():
        f = tmp_path / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(code, encoding="utf-8")
    return str(tmp_path)


def test_a_layered_tree_has_no_cycle(tmp_path, capsys):
    root = tree(tmp_path, {
        "a/A.java": "package a;\nimport b.B;\nclass A { B b; c.C c; }\n",
        "b/B.java": "package b;\nimport c.C;\npublic class B { C c; }\n",
        "c/C.java": "package c;\npublic class C {}\n",
    })
    deps = package_cycles.dependencies(package_cycles.read_sources(root))
    assert deps == {"a": {"b", "c"}, "b": {"c"}, "c": set()}
    assert package_cycles.cycles(deps) == []
    assert package_cycles.main(["package_cycles.py", root]) == 0
    assert "cycles: 0" in capsys.readouterr().out


def test_a_circle_through_three_packages_is_one_group(tmp_path, capsys):
    root = tree(tmp_path, {
        "a/A.java": "package a;\nimport b.B;\nclass A { B b; }\n",
        "b/B.java": "package b;\npublic class B { c.C c; }\n",
        "c/C.java": "package c;\nimport a.A;\npublic class C {}\n",
        "d/D.java": "package d;\nimport a.A;\nclass D {}\n",
    })
    deps = package_cycles.dependencies(package_cycles.read_sources(root))
    assert package_cycles.cycles(deps) == [["a", "b", "c"]]
    assert package_cycles.two_way(deps) == []
    assert package_cycles.main(["package_cycles.py", root]) == 1
    assert "  a <-> b <-> c" in capsys.readouterr().out


def test_names_in_comments_and_strings_are_not_dependencies(tmp_path):
    root = tree(tmp_path, {
        "a/A.java": "package a;\n/** See {@link b.B}. */\nclass A { String s = \"b.B\"; // b.B\n}\n",
        "b/B.java": "package b;\nimport a.A;\nclass B {}\n",
    })
    deps = package_cycles.dependencies(package_cycles.read_sources(root))
    assert deps == {"a": set(), "b": {"a"}}
    assert package_cycles.cycles(deps) == []


def test_two_packages_that_name_each_other_are_a_pair(tmp_path):
    root = tree(tmp_path, {
        "p/P.java": "package p;\nimport p.q.Q;\nclass P {}\n",
        "p/q/Q.java": "package p.q;\nimport p.P;\nclass Q {}\n",
    })
    deps = package_cycles.dependencies(package_cycles.read_sources(root))
    assert package_cycles.cycles(deps) == [["p", "p.q"]]
    assert package_cycles.two_way(deps) == [("p", "p.q")]


ROOT = pathlib.Path(__file__).resolve().parent.parent

# The helper's core, bottom first: each package may use only those before it (docs/architecture.md, the layers).
CORE = ["ptlab.internal", "ptlab.display", "ptlab.task", "ptlab.process", "ptlab.run", "ptlab.child", "ptlab"]


def test_the_helper_and_kernel_sources_have_no_cycle():
    for tree in ("helpers/src/main/java", "kernel/src/main/java"):
        deps = package_cycles.dependencies(package_cycles.read_sources(str(ROOT / tree)))
        assert len(deps) > 5, tree
        assert package_cycles.cycles(deps) == [], tree


def test_the_helper_core_uses_only_the_layers_below_it():
    deps = package_cycles.dependencies(package_cycles.read_sources(str(ROOT / "helpers/src/main/java")))
    assert set(CORE) <= set(deps)
    upward = [f"{p} -> {q}" for i, p in enumerate(CORE) for q in sorted(deps[p]) if q not in CORE[:i]]
    assert upward == [], "core packages using a layer above them or a topic package"
