#include "edge_cases.hpp"

namespace domfw::cfg::testing {

const std::vector<std::string>& edge_cases() {
    using namespace std::string_literals;
    static const std::vector<std::string> cases = {
        // identifier: [a-z][._0-9a-z]*
        "a=1\n", "a.b=1\n", "a_b=1\n", "a9=1\n", "_x=1\n", "X=1\n", "a-b=1\n", "aB=1\n", "on-crash='x'\n",
        // number: [0-9][0-9a-fx]* kept as text; strtol base 0
        "a=0x1f\n", "a=0x1F\n", "a=010\n", "a=1e3\n", "a=08\n", "a=0x\n", "a=12abc\n", "a=1g\n",
        "a=99999999999999999999\n", "a=0\n", "a=[0x10, 010, 1e3]\n",
        // string: both quotes, every escape, no raw newline
        "a='x'\n", "a=\"x\"\n", "a=\"it's\"\n", "a='say \"hi\"'\n", "a=\"\\\"\\'\\\\\\a\\b\\f\\n\\r\\t\\v\"\n",
        "a='\\\"\\'\\\\\\a\\b\\f\\n\\r\\t\\v'\n", "a='\\x41'\n", "a=\"\\x4\"\n", "a=\"\\0\"\n", "a=\"\\12\"\n",
        "a=\"A\\101B\"\n", "a=\"\\1 12\"\n", "a=\"\\7-5x\"\n", "a=\"\\8\"\n", "a=\"\\q\"\n", "a=\"abc\n", "a='abc\n",
        "a=\"a\\\nb\"\n", "a=\"x\0y\"\n"s, "a='\0'\n"s, "a=\"\\\"\0\"\n"s, "# a\0b\na=1\n"s, "a=1\n\0"s,
        "a=\0\n"s, "a=\"\xc3\xa9\"\n", "a=\"tab\there\"\n", "a=\"cr\rx\"\n", "a=\"\x01\x7f\"\n", "a=\"\"\n",
        "a=''\n", "a=\"#not a comment\"\n",
        // value: lists nest, span lines, hold comments, trailing comma, empty; bare word is an error
        "a=[]\n", "a=[\n]\n", "a=[1,2,]\n", "a=[ , ]\n", "a=[,1]\n", "a=[1,,2]\n", "a=bare\n", "a=[bare]\n",
        "a=[[1,[2]],[]]\n", "a=[\n  1, # one\n  # alone\n  2,\n]\n", "a=[1 2]\n", "a=[1]\n[2]\n", "a=[1;2]\n",
        "a=[1,\n2\nb=3\n", "a=[[[[[[[[1]]]]]]]]\n", "a=[\n\n1\n\n,\n\n]\n", "a=['x',\"y\",1]\n", "a=[1]]\n",
        "a=[[1]\n",
        // statement: newline or ';', blank statements, last line without newline
        "a=1;b=2\n", "a=1;;\n;\n", "a=1 b=2\n", "a=1", "a=1;", "a=[1,\n2]", "", "\n\n\n", ";", "a=1\nb=2",
        "a=1;b", "a='x' 'y'\n",
        // comment
        "# only\n", "a=1 # c\n", "a=1 # c", "a=1\n#c", "#", "a=1 #", "# c\n#", "a=1#c\n", "a=1\n# \r\n",
        // whitespace: space and tab only; CR is an error
        "a=1\r\n", "a=1\r", "a\t=\t1\n", "a=1\n\r\n", "a=1\rb=2\n", "a=1\r\nb=2\r\n", " \ta = 1 \t\n", "\x0b" "a=1\n",
        "\fa=1\n",
        // `+ - . ( ) :` out of place: lexical error (Python warning)
        "a=1+2\n", "a= -1\n", "a=1.5\n", "a=f(x)\n", "a=x:y\n", "import os\n", "a + = 1\n", "a=+\n",
        "a=os.environ.get('X')\n", "def f():\n    return 1\n", "a=(1)\n", "a=1 -\n", "a=1X", "a=0x1F", "a=1 -",
        "a=\"", "a=1 XY", "a=1\n+", "a=1\n+=", "a=1 \"", "a=1 \xc3", "a=1\n\xc3\xa9",
        // semantics: last assignment wins; += on strings and lists; mixing is an error
        "a=1\na=2\n", "a='x'\na+='y'\n", "a=[1]\na+=[2]\n", "a=[1]\na+='x'\n", "a='x'\na+=[1]\n",
        "a=1\na+=2\n", "a+=5\n", "a+=[1]\n", "a=[1]\na=[2]\na+=[3]\n", "a='p'\na+='q'\na='r'\na+='s'\n",
        "a=[1]\na+=[[2],3]\na+=[]\n", "a=''\na+=''\n", "a=1\nb+=[1]\nb+=['x']\n", "a=[1]\na+=1\n",
        // errors: missing value (libxlutil reports line 0), missing name, doubled operator
        "a=\n", "a=", "a\n", "=1\n", "a==1\n", "a+=\n", "a = ;\n", "[1]\n", "'x'\n", "1=2\n", "a=1,2\n",
        "a=@@VCPUS@@\n", "kernel = \"{{ kernel }}\"\n", "a = ${X}\n",
    };
    return cases;
}

} // namespace domfw::cfg::testing
