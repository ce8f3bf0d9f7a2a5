import CNetSNMP
