#include <boost/test/unit_test.hpp>

#include <chrono>

#include "support/child_process.hpp"

using corrent::test::ChildProcess;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(test_support_child_process)

BOOST_AUTO_TEST_CASE(reads_output_and_exit_code) {
  auto p = ChildProcess::start({"sh", "-c", "echo hello; echo port: 1234; exit 3"});
  BOOST_TEST(p.read_line(5s).value() == "hello");
  BOOST_TEST(p.wait_for_line("port: ", 5s).value() == "1234");
  BOOST_TEST(p.wait(5s).value() == 3);
}

BOOST_AUTO_TEST_CASE(stop_ends_a_process_that_would_run_forever) {
  auto p = ChildProcess::start({"sleep", "1000"});
  BOOST_TEST(!p.poll_exit());
  p.stop(200ms);
  BOOST_TEST(p.poll_exit().value() == 128 + 15);
}

BOOST_AUTO_TEST_CASE(a_missing_program_is_an_error_not_a_skip) {
  BOOST_CHECK_THROW(ChildProcess::start({"/nonexistent/program"}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(free_ports_are_nonzero) {
  BOOST_TEST(corrent::test::free_port() != 0);
  BOOST_TEST(corrent::test::free_port(true) != 0);
}

BOOST_AUTO_TEST_SUITE_END()
