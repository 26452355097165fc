#!/usr/bin/env bash
# The openssl commands of Docker's guide "Protect the Docker daemon socket", as a user runs
# them today: a CA with an AES-256 encrypted key, a server and a client certificate, 4096-bit
# keys, then the chmods. Usage: opensslRecipe.sh DIR HOST PASSPHRASE
set -euo pipefail
dir=$1 host=$2 pass=$3
mkdir -p "$dir" && cd "$dir"
openssl genrsa -aes256 -passout "pass:$pass" -out ca-key.pem 4096 2>/dev/null
openssl req -new -x509 -days 365 -key ca-key.pem -passin "pass:$pass" -sha256 -out ca.pem -subj "/CN=$host" 2>/dev/null
openssl genrsa -out server-key.pem 4096 2>/dev/null
openssl req -subj "/CN=$host" -sha256 -new -key server-key.pem -out server.csr 2>/dev/null
echo "subjectAltName = DNS:$host,IP:127.0.0.1" > extfile.cnf
echo "extendedKeyUsage = serverAuth" >> extfile.cnf
openssl x509 -req -days 365 -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem -passin "pass:$pass" -CAcreateserial -out server-cert.pem -extfile extfile.cnf 2>/dev/null
openssl genrsa -out key.pem 4096 2>/dev/null
openssl req -subj '/CN=client' -new -key key.pem -out client.csr 2>/dev/null
echo "extendedKeyUsage = clientAuth" > extfile-client.cnf
openssl x509 -req -days 365 -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem -passin "pass:$pass" -CAcreateserial -out cert.pem -extfile extfile-client.cnf 2>/dev/null
rm -f client.csr server.csr extfile.cnf extfile-client.cnf ca.srl
chmod 0400 ca-key.pem key.pem server-key.pem
chmod 0444 ca.pem server-cert.pem cert.pem
