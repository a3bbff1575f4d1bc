// The bash script: word lists made here, one function that picks among them.
// The current word is taken from COMP_LINE rather than COMP_WORDS, whose
// split at ':' would cut TRANSPORT:/path in two; the candidates then lose what
// bash holds as the part before the word (up to the last ':'), as
// bash-completion's __ltrim_colon_completions does.
#include "completion/completion_scripts.hpp"

namespace ferry::cli {
namespace {

std::string words_of(const std::vector<FlagHelp>& flags, bool only_valued = false) {
  std::string out;
  for (const auto& f : flags) {
    if (only_valued && f.value_name.empty()) continue;
    out += " --" + f.name;
    if (f.shorthand && !only_valued) out += std::string(" -") + f.shorthand;
  }
  return out + " ";
}

std::string identifier(std::string name) {
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

}  // namespace

std::string bash_completion(const CompletionInput& in) {
  const std::string fn = "_" + identifier(in.program);
  std::string commands, image_commands, transports, paths, flags_cases, valued_cases;
  for (const auto& c : in.commands) {
    if (c.hidden) continue;
    commands += " " + c.name;
    if (takes_image_names(c)) image_commands += " " + c.name;
    flags_cases += "    " + c.name + ") echo '" + words_of(c.flags) + "' ;;\n";
    valued_cases += "    " + c.name + ") echo '" + words_of(c.flags, true) + "' ;;\n";
  }
  for (const auto& t : in.transports) {
    transports += " " + transport_prefix(t);
    if (reference_is_path(t)) paths += " " + t.name;
  }
  // No ${!name}: zsh runs this script too, and has no such expansion.
  std::string words = "# bash completion for " + in.program + ", made by `" + in.program +
                      " completion bash`\n" + fn + "_commands='" + commands + " help'\n" + fn +
                      "_global_flags='" + words_of(in.global_flags) + "'\n" + fn + "_global_valued='" +
                      words_of(in.global_flags, true) + "'\n" + fn + "_transports='" + transports + " '\n" +
                      fn + "_path_transports=' " + paths + " '\n" + fn + "_image_commands=' " +
                      image_commands + " '\n" + fn + "_flags_of() {\n  case $1 in\n" + flags_cases +
                      "  esac\n}\n" + fn + "_valued_of() {\n  case $1 in\n" + valued_cases + "  esac\n}\n";
  std::string logic = R"(
FN() {
  local line=${COMP_LINE:0:COMP_POINT}
  local cur=${line##*[[:space:]]}
  local command="" i word skip=""
  # The command is the first word that is neither a flag nor a flag's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    # bash splits --flag=value at '=': the value follows the '='.
    if [[ $word == "=" ]]; then skip=1; continue; fi
    if [[ -n $skip ]]; then skip=""; continue; fi
    if [[ $word == -* ]]; then
      if [[ -z $command && $FN_global_valued == *" $word "* ]]; then skip=1; fi
      if [[ -n $command && " $(FN_valued_of "$command") " == *" $word "* ]]; then skip=1; fi
      continue
    fi
    [[ -z $command ]] && command=$word
  done
  COMPREPLY=()
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$FN_global_flags" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$FN_commands" -- "$cur"))
    fi
  elif [[ $command == help ]]; then
    COMPREPLY=($(compgen -W "$FN_commands" -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(FN_flags_of "$command") --help -h" -- "$cur"))
  elif [[ $FN_image_commands != *" $command "* ]]; then
    :  # its arguments are not image names
  elif [[ $cur == *:* && $FN_path_transports == *" ${cur%%:*} "* ]]; then
    # A path after the transport's prefix: directories end in / and take more.
    local prefix=${cur%%:*}: p
    while IFS= read -r p; do
      [[ -z $p ]] && continue
      if [[ -d $p ]]; then COMPREPLY+=("$prefix$p/"); else COMPREPLY+=("$prefix$p"); fi
    done < <(compgen -f -- "${cur#*:}")
    compopt -o nospace 2>/dev/null
  elif [[ $cur != *://* ]]; then
    COMPREPLY=($(compgen -W "$FN_transports" -- "$cur"))
    compopt -o nospace 2>/dev/null
  fi
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local before=${cur%"${cur##*:}"}
    for ((i = 0; i < ${#COMPREPLY[@]}; i++)); do COMPREPLY[i]=${COMPREPLY[i]#"$before"}; done
  fi
  return 0
}
complete -F FN PROGRAM
)";
  for (size_t at; (at = logic.find("FN")) != std::string::npos;) logic.replace(at, 2, fn);
  for (size_t at; (at = logic.find("PROGRAM")) != std::string::npos;) logic.replace(at, 7, in.program);
  return words + logic;
}

// Sourced (`source <(ferry completion zsh)` in .zshrc) rather than installed
// as an autoloaded _ferry: loading it registers the completion, which an
// autoloaded function would do only on its first call, offering nothing then.
std::string zsh_completion(const CompletionInput& in) {
  return "# zsh completion for " + in.program + ", made by `" + in.program +
         " completion zsh`: the bash script, run by zsh's bashcompinit.\nautoload -U +X bashcompinit && "
         "bashcompinit\n" +
         bash_completion(in);
}

}  // namespace ferry::cli
