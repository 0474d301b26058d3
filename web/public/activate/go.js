// /activate#<token> → the sign-in page's activation screen, with the token still after "#".
location.replace(`/?activate${location.hash}`);
