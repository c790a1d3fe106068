package io.keyfleet.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyfleet.operator.testing.Commands;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a health script with the real Lua 5.1 interpreter (Argo CD embeds gopher-lua, a Lua 5.1)
 * as Argo CD runs a script from argocd-cm: the object in the global {@code obj}, and only what
 * Argo CD opens without {@code useOpenLibs}: the base functions, {@code table} and a safe
 * {@code os}. No {@code string} or {@code math} library, and no methods on strings, so a script
 * that would fail in Argo CD fails here too.
 */
final class ArgoCdHealthLua {
  static final String INTERPRETER = "lua5.1";
  static final Set<String> STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  /** What a health script returned. */
  record Health(String status, String message) {}

  /** What the interpreter did: exit code and output (stdout and stderr together). */
  record Run(int exitCode, String output) {}

  private ArgoCdHealthLua() {}

  /** The interpreter on the PATH; fails with what to install when there is none. */
  static Path interpreter() {
    Optional<Path> found =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .map(dir -> Path.of(dir, INTERPRETER))
            .filter(Files::isExecutable)
            .findFirst();
    return found.orElseThrow(() -> new AssertionError(
        INTERPRETER + " is not on the PATH: the Argo CD health checks are tested with the real Lua 5.1;"
            + " install the Debian package lua5.1 (e2e/bin/lib/prerequisites.sh does)"));
  }

  /** Runs the script on the object and returns what it returned; fails if the script failed. */
  static Health health(Path script, JsonNode object, Path workDir) throws IOException {
    Run run = run(script, object, workDir);
    if (run.exitCode() != 0) {
      throw new AssertionError(script + " failed on this object (exit " + run.exitCode() + "):\n" + run.output());
    }
    int newline = run.output().indexOf('\n');
    if (newline < 0) {
      throw new AssertionError("unexpected harness output: " + run.output());
    }
    return new Health(run.output().substring(0, newline), run.output().substring(newline + 1));
  }

  /** Runs the script on the object in the sandbox; exit 0 with "status\nmessage", or not 0 and why. */
  static Run run(Path script, JsonNode object, Path workDir) throws IOException {
    Path harness = Files.createTempFile(workDir, "harness", ".lua");
    Files.writeString(harness, harness(script, object));
    var result = Commands.run(List.of(interpreter().toString(), harness.toString()), workDir, Duration.ofSeconds(30));
    return new Run(result.exitCode(), result.output());
  }

  static String harness(Path script, JsonNode object) {
    return """
        local write, stderr, exit = io.write, io.stderr, os.exit
        local script = assert(loadfile(%s))
        local env = {
          obj = %s,
          assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
          print = print, rawequal = rawequal, rawget = rawget, rawset = rawset, select = select,
          getmetatable = getmetatable, setmetatable = setmetatable, tonumber = tonumber,
          tostring = tostring, type = type, unpack = unpack, xpcall = xpcall,
          table = { concat = table.concat, insert = table.insert, remove = table.remove,
            sort = table.sort, getn = table.getn, maxn = table.maxn },
          os = { clock = os.clock, date = os.date, difftime = os.difftime, time = os.time },
        }
        env._G = env
        setfenv(script, env)
        -- Without Argo CD's string library, strings have no methods either.
        local stringMetatable = debug.getmetatable("")
        debug.setmetatable("", nil)
        local ok, hs = pcall(script)
        debug.setmetatable("", stringMetatable)
        if not ok then
          stderr:write("the health script raised an error: ", tostring(hs), "\\n")
          exit(2)
        end
        local valid = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true, Unknown = true }
        if type(hs) ~= "table" then
          stderr:write("the health script returned a ", type(hs), ", not a table\\n")
          exit(3)
        end
        if not valid[hs.status] then
          stderr:write("the health script returned status ", tostring(hs.status), ", which Argo CD turns into Unknown\\n")
          exit(4)
        end
        if hs.message ~= nil and type(hs.message) ~= "string" then
          stderr:write("the health script returned a message of type ", type(hs.message), "\\n")
          exit(5)
        end
        write(hs.status, "\\n", hs.message or "")
        """
        .formatted(ArgoCdHealthLuaLiteral.string(script.toAbsolutePath().toString()), ArgoCdHealthLuaLiteral.of(object));
  }
}
