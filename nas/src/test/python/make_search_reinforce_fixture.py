"""Makes nas/src/test/resources/search/reinforce-step.json: arch2vec's Policy_LSTM (small sizes),
one episode's log-probs and loss (no discount, baseline 0.95, mean over the episode) and the
parameters after one Adam(lr=1e-2) step, as PyTorch computes them.

Run from the repository root with Debian's python: /usr/bin/python3 nas/src/test/python/make_search_reinforce_fixture.py
"""
import json, math, os
import torch
import torch.nn as nn
from torch.distributions import MultivariateNormal

torch.manual_seed(7)
DIM, HIDDEN, STEPS = 4, 8, 3
lstm, fc = nn.LSTMCell(DIM, HIDDEN), nn.Linear(HIDDEN, DIM)
params = [lstm.weight_ih, lstm.weight_hh, lstm.bias_ih, lstm.bias_hh, fc.weight, fc.bias]
before = [p.detach().clone() for p in params]
opt = torch.optim.Adam(params, lr=1e-2)

states = torch.randn(STEPS, DIM)
actions = torch.randn(STEPS, DIM) * 0.5
rewards = [0.93, 0.96, 0.91]
h = c = None
log_probs = []
for t in range(STEPS):
    x = states[t:t + 1]
    h, c = lstm(x) if h is None else lstm(x, (h, c))
    mean = fc(h)
    log_probs.append(MultivariateNormal(mean, torch.eye(DIM)).log_prob(actions[t:t + 1]))
adv = torch.tensor(rewards) - 0.95
loss = torch.cat([-lp * a for lp, a in zip(log_probs, adv)]).mean()
opt.zero_grad()
loss.backward()
grads = [p.grad.detach().clone() for p in params]
opt.step()

flat = lambda ts: [t.flatten().tolist() for t in ts]
out = {"dim": DIM, "hidden": HIDDEN, "params": flat(before), "states": states.tolist(), "actions": actions.tolist(),
       "rewards": rewards, "log_probs": [lp.item() for lp in log_probs], "loss": loss.item(),
       "grads": flat(grads), "after": flat([p.detach() for p in params])}
path = os.path.join("nas", "src", "test", "resources", "search", "reinforce-step.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, "loss", loss.item())
