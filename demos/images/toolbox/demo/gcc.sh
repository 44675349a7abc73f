# print each command before it runs
PS4='$ '; BASH_XTRACEFD=1; set -x
cp /demo/hello.c .
gcc -Wall -o hello hello.c
./hello
ls -l hello
