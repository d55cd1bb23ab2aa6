"""IJava's and JJava's kernel features, run in the form their own tests and docs use, against this kernel.

The magic cases follow JJava's KernelMagicIT (jars, classpath, maven, Ivy syntax, load, loadFromPOM) and
IJava's docs (aliases, %mavenRepo, %%loadFromPOM fragments, magics as values, lineMagic/cellMagic, display,
render, updateDisplay). Maven cases resolve from the local repository the build filled, or from Maven
repositories this test writes into a folder; settings.xml cases give the kernel a home of its own
(JAVA_TOOL_OPTIONS=-Duser.home=...) whose settings point at those folders, at an empty cache, or at a
proxy that never answers.
"""
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from kernel_support import Kernel, java_bin

M2 = Path.home() / ".m2" / "repository"
CENTRAL = "central (https://repo.maven.apache.org/maven2/)"


def ok(result):
    assert result.status == "ok", result.error
    return result


def failed(result):
    assert result.status == "error", result.messages
    return result.error["evalue"]


def cached(path):
    """A jar from the local repository; the build has put it there."""
    jar = M2 / path
    if not jar.is_file():
        pytest.skip(f"{jar} is not in the local Maven repository")
    return jar


def compile_jar(root, name, java):
    """Compiles one class (package demo) into root/<name>.jar."""
    src = root / f"src-{name}"
    out = root / f"classes-{name}"
    src.mkdir()
    out.mkdir()
    source = src / (re.search(r"class (\w+)", java).group(1) + ".java")
    source.write_text(java)
    subprocess.run([java_bin("javac"), "-d", str(out), str(source)], check=True)
    subprocess.run([java_bin("jar"), "cf", str(root / f"{name}.jar"), "-C", str(out), "."], check=True)
    return root / f"{name}.jar"


def maven_repository(root, artifact, java):
    """A Maven repository in a folder holding demo:<artifact>:1.0 (one class); returns its file: URL."""
    repo = root / f"repo-{artifact}"
    folder = repo / "demo" / artifact / "1.0"
    folder.mkdir(parents=True)
    shutil.move(compile_jar(root, artifact, java), folder / f"{artifact}-1.0.jar")
    (folder / f"{artifact}-1.0.pom").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>demo</groupId><artifactId>{artifact}</artifactId><version>1.0</version></project>")
    return repo.as_uri()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A notebook folder: lib/ with a jar, classes/ with demo.Dummy, a script, a pom.xml, two Maven repositories."""
    root = tmp_path_factory.mktemp("ijava notebook")
    (root / "lib").mkdir()
    shutil.copy(cached("jakarta/annotation/jakarta.annotation-api/2.1.1/jakarta.annotation-api-2.1.1.jar"), root / "lib")
    (root / "classes").mkdir()
    (root / "src").mkdir()
    (root / "src" / "Dummy.java").write_text("package demo; public class Dummy {}")
    subprocess.run([java_bin("javac"), "-d", str(root / "classes"), str(root / "src" / "Dummy.java")], check=True)
    (root / "script.jshell").write_text('String greet(String name) { return "Hello, " + name + "!"; }\n')
    cached("org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar")
    (root / "pom.xml").write_text("""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>course</groupId><artifactId>notebook</artifactId><version>1</version>
  <properties><text.version>1.12.0</text.version></properties>
  <dependencies>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${text.version}</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.11.4</version><scope>test</scope></dependency>
  </dependencies>
</project>
""")
    return root


@pytest.fixture(scope="module")
def kernel(folder):
    with Kernel(cwd=str(folder)) as k:
        yield k


# ------------------------------------------------------------------ JJava's KernelMagicIT, adapted

def test_jars_then_import_from_it(kernel):
    r = ok(kernel.execute("%jars lib/jakarta.annotation-api-2.1.1.jar\n"
                          "import jakarta.annotation.Nullable;\n"
                          "Nullable.class.getName()"))
    assert r.value == '"jakarta.annotation.Nullable"'


def test_classpath_then_a_class_from_it_and_the_trailing_semicolon_convention(kernel):
    r = ok(kernel.execute('%classpath classes\nimport demo.Dummy;\n"className = " + Dummy.class.getName()'))
    assert r.value == '"className = demo.Dummy"'
    # JJava's own form ends in ';': as in IPython, this kernel shows no value then (see the README)
    assert ok(kernel.execute('"className = " + Dummy.class.getName();')).value is None


def test_maven_then_use_it(kernel):
    cached("org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar")
    r = ok(kernel.execute("%maven org.apache.commons:commons-lang3:3.17.0\n"
                          'org.apache.commons.lang3.StringUtils.capitalize("maven")'))
    assert "commons-lang3-3.17.0.jar" in r.stream()
    assert r.value == '"Maven"'


def test_maven_takes_ivys_syntax(kernel):
    cached("commons-io/commons-io/2.18.0/commons-io-2.18.0.jar")
    r = ok(kernel.execute("%maven commons-io#commons-io;2.18.0\n"
                          'org.apache.commons.io.FilenameUtils.getExtension("notes.txt")'))
    assert r.value == '"txt"'


def test_load_then_call_what_it_defined(kernel):
    assert ok(kernel.execute('%load script.jshell\ngreet("Sergei")')).value == '"Hello, Sergei!"'


def test_load_from_pom_puts_its_compile_dependencies_on_the_class_path(kernel):
    r = ok(kernel.execute('%loadFromPOM pom.xml\norg.apache.commons.text.WordUtils.capitalize("two words")'))
    assert "commons-text-1.12.0.jar" in r.stream()
    assert "junit" not in r.stream(), "test scope is left out"
    assert r.value == '"Two Words"'


# ------------------------------------------------------------------ IJava's docs

def test_ijavas_aliases_and_lsmagic(kernel):
    cached("com/google/code/gson/gson/2.10.1/gson-2.10.1.jar")
    ok(kernel.execute("%addMavenDependencies com.google.code.gson:gson:2.10.1"))
    assert ok(kernel.execute("new com.google.gson.Gson().toJson(List.of(1, 2))")).value == '"[1,2]"'
    listing = ok(kernel.execute("%lsmagic")).stream()
    for name in ("%maven", "%mavenRepo", "%loadFromPOM", "%%loadFromPOM", "%addMavenDependency = %maven",
                 "%addMavenDependencies = %maven", "%addMavenRepo = %mavenRepo"):
        assert name in listing


def test_cell_load_from_pom_takes_loose_dependency_and_repository_elements(kernel, folder):
    url = maven_repository(folder, "wave", 'package demo; public class Wave { public static String hi() { return "~"; } }')
    cached("org/apache/commons/commons-collections4/4.4/commons-collections4-4.4.jar")
    r = ok(kernel.execute(f"""%%loadFromPOM
<repository>
  <id>course-snapshots</id>
  <url>{url}</url>
</repository>

<dependency>
  <groupId>demo</groupId>
  <artifactId>wave</artifactId>
  <version>1.0</version>
</dependency>
<dependency>
  <groupId>org.apache.commons</groupId>
  <artifactId>commons-collections4</artifactId>
  <version>4.4</version>
</dependency>
"""))
    assert "wave-1.0.jar" in r.stream() and "commons-collections4-4.4.jar" in r.stream()
    assert ok(kernel.execute("demo.Wave.hi() + new org.apache.commons.collections4.bag.HashBag<String>().size()")).value == '"~0"'


def test_maven_repo_adds_a_repository_that_maven_then_searches(kernel, folder):
    url = maven_repository(folder, "greet", 'package demo; public class Greet { public static String hi() { return "hi"; } }')
    ok(kernel.execute(f"%addMavenRepo course {url}"))
    assert ok(kernel.execute("%maven demo:greet:1.0\ndemo.Greet.hi()")).value == '"hi"'


def test_a_missing_artifact_names_its_coordinates_and_the_repositories_tried(kernel):
    message = failed(kernel.execute("%maven ptlab.missing:nothing:0.0.1"))
    assert "ptlab.missing:nothing:jar:0.0.1" in message
    assert CENTRAL in message and "course (file:" in message


def test_magics_as_values_and_the_line_and_cell_magic_functions(kernel):
    r = ok(kernel.execute("List<String> added = %jars lib/*.jar\n"
                          'added.size() + " " + added.get(0).endsWith("jakarta.annotation-api-2.1.1.jar")'))
    assert r.value == '"1 true"'
    r = ok(kernel.execute('var found = lineMagic("classpath", List.of("classes"));\nfound.get(0).endsWith("classes")'))
    assert r.value == "true"
    r = ok(kernel.execute('cellMagic("time", List.of(), """\n    int timed = 6 * 7;\n    """);\ntimed'))
    assert "Wall time:" in r.stream()
    assert r.value == "42"


def test_display_returns_an_id_that_update_display_replaces_in_place(kernel):
    r = ok(kernel.execute('String id = display("<b>0 %</b>", "text/html");\n'
                          'for (int i = 1; i <= 3; i++) updateDisplay(id, "<b>" + i + "0 %</b>", "text/html");\n'
                          "id"))
    shown = r.of_type("display_data")
    updates = r.of_type("update_display_data")
    assert len(shown) == 1 and len(updates) == 3
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert r.value == '"%s"' % display_id
    assert shown[0]["content"]["data"]["text/html"] == "<b>0 %</b>"
    assert [u["content"]["transient"]["display_id"] for u in updates] == [display_id] * 3
    assert [u["content"]["data"]["text/html"] for u in updates] == ["<b>10 %</b>", "<b>20 %</b>", "<b>30 %</b>"]


def test_render_is_the_cells_rich_result(kernel):
    r = ok(kernel.execute('render("<i>rendered</i>", "text/html")'))
    results = r.of_type("execute_result")
    assert len(results) == 1 and not r.of_type("display_data")
    assert results[0]["content"]["data"]["text/html"] == "<i>rendered</i>"
    assert results[0]["content"]["data"]["text/plain"] == "<i>rendered</i>"
    assert "has no image/png form" in failed(kernel.execute('display(42, "image/png")'))


# ------------------------------------------------------------------ settings.xml

def home_with_settings(root, settings):
    home = root / "home"
    (home / ".m2").mkdir(parents=True)
    (home / ".m2" / "settings.xml").write_text(f'<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">{settings}</settings>')
    return home


def kernel_with_home(root, home, timeout_seconds=None):
    options = f"-Duser.home={home}" + (f" -Dptlab.maven.timeout={timeout_seconds}" if timeout_seconds else "")
    return Kernel(cwd=str(root), env={"JAVA_TOOL_OPTIONS": options})


def test_settings_mirror_and_local_repository_are_honoured(tmp_path):
    url = maven_repository(tmp_path, "greet", 'package demo; public class Greet { public static String hi() { return "via mirror"; } }')
    cache = tmp_path / "campus-cache"
    home = home_with_settings(tmp_path, f"<localRepository>{cache}</localRepository>"
                                        f"<mirrors><mirror><id>campus</id><url>{url}</url><mirrorOf>*</mirrorOf></mirror></mirrors>")
    with kernel_with_home(tmp_path, home) as k:
        assert ok(k.execute("%maven demo:greet:1.0\ndemo.Greet.hi()")).value == '"via mirror"'
        assert (cache / "demo" / "greet" / "1.0" / "greet-1.0.jar").is_file()
        message = failed(k.execute("%maven ptlab.missing:nothing:0.0.1"))
        assert f"campus ({url}" in message and "ptlab.missing:nothing" in message
        assert "repo.maven.apache.org" not in message, "the mirror stands in for Maven Central"


def test_settings_offline_resolves_from_the_local_repository_only(tmp_path):
    cached("org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar")
    home = home_with_settings(tmp_path, f"<localRepository>{M2}</localRepository><offline>true</offline>")
    with kernel_with_home(tmp_path, home) as k:
        r = ok(k.execute("%maven org.apache.commons:commons-lang3:3.17.0\n"
                         'org.apache.commons.lang3.StringUtils.reverse("abc")'))
        assert r.value == '"cba"'
        message = failed(k.execute("%maven ptlab.missing:nothing:0.0.1"))
        assert "offline" in message and "ptlab.missing:nothing" in message


@pytest.fixture
def silent_proxy():
    """A proxy that accepts connections and never answers; yields its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield server.getsockname()[1]
    stop.set()
    t.join()
    for c in held:
        c.close()
    server.close()


def test_settings_proxy_is_used_and_resolution_is_bounded_in_time_and_answers_an_interrupt(tmp_path, silent_proxy):
    home = home_with_settings(tmp_path, f"<localRepository>{tmp_path / 'empty-cache'}</localRepository><proxies>"
                                        f"<proxy><protocol>https</protocol><host>127.0.0.1</host><port>{silent_proxy}</port></proxy>"
                                        f"</proxies>")
    with kernel_with_home(tmp_path, home, timeout_seconds=4) as k:
        ok(k.execute("int kept = 7;"))
        r = k.execute("%maven ptlab.missing:nothing:0.0.1")
        message = failed(r)
        assert "took longer than 4 s" in message and CENTRAL in message, message
        r = k.execute("%maven ptlab.missing:nothing:0.0.2", interrupt_after=1.0)
        message = failed(r)
        assert "took longer than" not in message, f"the 4 s bound ended it, not the interrupt: {message}"
        assert ok(k.execute("kept")).value == "7", "the interrupt ended the resolution, not the cell JVM"
