# print each command before it runs
PS4='$ '; BASH_XTRACEFD=1; set -x
pwd
mkdir -p project/src
cd project/src
pushd /tmp
pushd /etc
popd
popd
touch draft.txt
mv draft.txt notes.txt
ls
